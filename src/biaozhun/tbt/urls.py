app_name = "tbt"
urlpatterns: list[object] = []
