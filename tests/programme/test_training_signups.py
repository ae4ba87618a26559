"""Trainings reach people: enterprises see upcoming trainings and sign up (places, deadline,
cancel); an enterprise sees its own sign-ups, the bureau the roster."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.programme import signups
from biaozhun.programme.models import TrainingSignup
from biaozhun.programme.selectors import upcoming_trainings, visible_signups

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def training(record, district):
    return record(
        "trainings",
        title="标准化良好行为培训班",
        held_on=TODAY + timedelta(days=30),
        hours=8,
        organiser="情报所",
        district=district("广陵区"),
        capacity=5,
        signup_deadline=TODAY + timedelta(days=20),
    )


@pytest.fixture
def firms(make_enterprise, enterprise_user):
    a = make_enterprise("甲测试企业", "广陵区")
    b = make_enterprise("乙测试企业", "宝应县")
    return enterprise_user(a), enterprise_user(b)


def test_sign_up_within_places_and_cancel(training, firms, bureau_user):
    a, b = firms
    signup = signups.sign_up(a, training, participants="张三\n李四\n\n王五")
    assert (signup.seats, signup.participant_list) == (3, ["张三", "李四", "王五"])
    with pytest.raises(DomainError) as full:
        signups.sign_up(b, training, participants="赵\n钱\n孙")
    assert full.value.code == "no_places" and full.value.details["left"] == 2
    assert "2" in full.value.message_zh and "2 left" in full.value.message_en
    with pytest.raises(DomainError) as twice:
        signups.sign_up(a, training, participants="周")
    assert twice.value.code == "already_signed_up"
    signups.cancel_signup(a, signup)
    assert signups.seats_taken(training) == 0
    again = signups.sign_up(a, training, participants="周")
    assert again.status == "active"
    with pytest.raises(DomainError):
        signups.cancel_signup(a, TrainingSignup.objects.get(pk=signup.pk))  # already cancelled


@pytest.mark.parametrize(
    ("participants", "code"),
    [
        ("", "participants_required"),
        ("\n \n", "participants_required"),
        ("\n".join(f"人{i}" for i in range(21)), "too_many_people"),
        ("甲\n甲", "duplicate_people"),
        ("名" * 51, "name_too_long"),
    ],
)
def test_bad_participant_lists_are_refused(training, firms, participants, code):
    with pytest.raises(DomainError) as caught:
        signups.sign_up(firms[0], training, participants=participants)
    assert caught.value.code == code and caught.value.message_zh and caught.value.message_en
    assert not TrainingSignup.objects.exists()


def test_after_the_deadline_no_sign_up_and_no_cancel(
    record, district, firms, bureau_user, training
):
    signup = signups.sign_up(firms[0], training, participants="甲")
    closed = record(
        "trainings",
        title="已截止的培训",
        held_on=TODAY + timedelta(days=3),
        hours=2,
        organiser="x",
        district=district("广陵区"),
        signup_deadline=TODAY - timedelta(days=1),
    )
    with pytest.raises(DomainError) as caught:
        signups.sign_up(firms[0], closed, participants="甲")
    assert caught.value.code == "signup_closed"
    training.signup_deadline = TODAY - timedelta(days=1)
    training.save()
    with pytest.raises(DomainError) as late:
        signups.cancel_signup(firms[0], signup)
    assert late.value.code == "signup_closed"
    signups.cancel_signup(bureau_user, signup)  # the organiser still can before the training
    assert TrainingSignup.objects.get().status == "cancelled"


def test_only_enterprise_users_sign_up(training, bureau_user, district_officer):
    for actor in (bureau_user, district_officer("广陵区")):
        with pytest.raises(PermissionDenied):
            signups.sign_up(actor, training, participants="甲")


def test_scoping_own_sign_ups_and_the_roster(
    training, firms, client, district_officer, bureau_user
):
    a, b = firms
    mine = signups.sign_up(a, training, participants="甲")
    theirs = signups.sign_up(b, training, participants="乙")
    assert list(visible_signups(a)) == [mine]
    with pytest.raises(PermissionDenied):
        signups.cancel_signup(a, theirs)
    client.force_login(a)
    assert [s["id"] for s in client.get("/api/programme/signups").json()] == [mine.pk]
    assert client.post(f"/api/programme/signups/{theirs.pk}/cancel").status_code == 404
    assert client.get(f"/api/programme/trainings/{training.pk}/roster").status_code == 403
    assert client.get(reverse("programme:training_roster", args=[training.pk])).status_code in (
        302,
        403,
    )
    page = client.get(reverse("programme:trainings"))
    assert "标准化良好行为培训班" in page.text and "乙测试企业" not in page.text
    officer = district_officer("宝应县")
    client.force_login(officer)
    roster = client.get(f"/api/programme/trainings/{training.pk}/roster").json()
    assert [s["id"] for s in roster] == [theirs.pk]
    client.force_login(bureau_user)
    roster_page = client.get(reverse("programme:training_roster", args=[training.pk]))
    assert "甲测试企业" in roster_page.text and "乙测试企业" in roster_page.text
    assert TrainingSignup.objects.get(pk=theirs.pk).status == "active"


def test_api_sign_up_and_bad_input(training, firms, client):
    client.force_login(firms[0])
    upcoming = client.get("/api/programme/trainings/upcoming").json()
    assert [t["id"] for t in upcoming] == [training.pk] and upcoming[0]["open"] is True
    url = f"/api/programme/trainings/{training.pk}/signups"
    for payload in (
        {"participants": []},
        {"participants": "张三"},
        {"participants": ["x"] * 21},
        {"participants": ["张三\x00"]},
        {"participants": ["张三"], "contact": "1" * 31},
    ):
        answer = client.post(url, payload, content_type="application/json")
        assert answer.status_code in (400, 422), (payload, answer.content)
        assert answer.json()["message_zh"] and answer.json()["message_en"]
    assert not TrainingSignup.objects.exists()
    made = client.post(url, {"participants": ["张三", "李四"]}, content_type="application/json")
    assert made.status_code == 201 and made.json()["seats"] == 2
    assert (
        client.post(
            "/api/programme/trainings/999999/signups",
            {"participants": ["x"]},
            content_type="application/json",
        ).status_code
        == 404
    )
    cancelled = client.post(f"/api/programme/signups/{made.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_sign_up_page_flow(training, firms, client):
    client.force_login(firms[0])
    answer = client.post(
        reverse("programme:training_signup", args=[training.pk]),
        {"participants": "张三"},
        follow=True,
    )
    assert answer.status_code == 200 and "报名成功" in answer.text
    again = client.post(
        reverse("programme:training_signup", args=[training.pk]),
        {"participants": "李四"},
        follow=True,
    )
    assert "已报名该培训" in again.text
    assert client.get(reverse("programme:trainings"), {"page": "0"}).status_code == 400
    signup = TrainingSignup.objects.get()
    client.post(reverse("programme:signup_cancel", args=[signup.pk]))
    assert TrainingSignup.objects.get().status == "cancelled"


def test_upcoming_excludes_past_and_closed_trainings(record, district, training, firms):
    record(
        "trainings",
        title="往年培训",
        held_on=date(2013, 5, 20),
        hours=16,
        organiser="x",
        district=district("广陵区"),
    )
    assert list(upcoming_trainings(firms[0])) == [training]


def test_the_enterprise_home_shows_the_trainings_open(training, firms, client):
    from django.apps import apps

    cards = apps.get_app_config("programme").dashboard_cards(firms[0])
    assert [(c["key"], c["value"]) for c in cards] == [("trainings", 1)]
