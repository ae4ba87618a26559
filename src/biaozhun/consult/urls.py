from django.urls import path

app_name = "consult"
urlpatterns: list[object] = []
