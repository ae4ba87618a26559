from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.search, name="search"),
    path("<id:pk>/", views.detail, name="detail"),
    path("changes/", views.changes, name="changes"),
    path("sources/", views.sources, name="sources"),
    path("import/", views.import_catalogue, name="import"),
    path("vectors/", views.vector_status, name="vectors"),
    path("import/template.csv", views.import_template, name="import_template"),
]
