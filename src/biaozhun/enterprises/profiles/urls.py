"""Export profile pages, mounted at their historical prefix ``/alerts/profiles/`` (see
``biaozhun.urls``), under the ``profiles`` namespace."""

from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.profile_list, name="list"),
    path("import/", views.profile_import, name="import"),
    path("<id:pk>/", views.profile_detail, name="detail"),
    path("<id:pk>/products/", views.product_add, name="product_add"),
    path("<id:pk>/hs-suggestions/", views.hs_suggestions, name="hs_suggestions"),
    path(
        "<id:pk>/products/<id:product_id>/remove/",
        views.product_remove,
        name="product_remove",
    ),
    path("<id:pk>/markets/", views.market_add, name="market_add"),
    path("<id:pk>/markets/<id:market_id>/remove/", views.market_remove, name="market_remove"),
    path("<id:pk>/recipients/", views.profile_recipients, name="recipients"),
]
