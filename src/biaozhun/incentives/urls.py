app_name = "incentives"
urlpatterns: list[object] = []
