from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.portal, name="home"),
    path("standards/", views.standards, name="standards"),
    path("standards/<id:pk>/", views.standard, name="standard"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<id:pk>/", views.notification, name="notification"),
    path("kb/", views.knowledge_base, name="kb"),
    path("kb/<id:pk>/", views.kb_entry, name="kb_entry"),
    path("publicity/", views.publicity, name="publicity"),
    path("news/<id:pk>/", views.news, name="news"),
    path("register/", views.how_to_register, name="register"),
]
