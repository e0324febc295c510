
app_name = "casework"

urlpatterns: list = []
