from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.my_enterprise, name="mine"),
    path("new/", views.enterprise_create, name="create"),
    path("import/", views.enterprise_import, name="import"),
    path("register/", views.register, name="register"),
    path("<id:pk>/", views.enterprise_detail, name="detail"),
    path("<id:pk>/review/", views.enterprise_review, name="review"),
]
