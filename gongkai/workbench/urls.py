from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="workbench/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/import/", views.unit_import, name="unit_import"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/profile/", views.unit_profile, name="unit_profile"),
    path("units/<int:unit_id>/move/", views.unit_move, name="unit_move"),
    path("units/<int:unit_id>/toggle/", views.unit_deactivate, name="unit_toggle"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:staff_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:staff_id>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:staff_id>/toggle/", views.staff_toggle, name="staff_toggle"),
    path("staff/<int:staff_id>/password/", views.staff_password, name="staff_password"),
    path("staff/<int:staff_id>/roles/", views.role_grant, name="role_grant"),
    path("roles/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
]
