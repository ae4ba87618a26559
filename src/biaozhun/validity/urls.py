from django.urls import path

app_name = "validity"
urlpatterns: list[object] = []
