from django.urls import path

from gongkai.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views.import_plan, name="import"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/dashboard/", views.plan_dashboard, name="dashboard"),
    path("plans/<int:plan_id>/review/", views.plan_review, name="review"),
    path("plans/<int:plan_id>/export/", views.plan_export, name="export"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("files/<int:file_id>/", views.progress_file, name="progress_file"),
    path("names/", views.aliases, name="aliases"),
    path("names/<int:alias_id>/remove/", views.alias_remove, name="alias_remove"),
    path("assessments/", views.sheets, name="sheets"),
    path("assessments/<int:sheet_id>/", views.sheet_detail, name="sheet"),
    path(
        "assessments/<int:sheet_id>/compute/",
        views.sheet_compute,
        name="sheet_compute",
    ),
    path(
        "assessments/<int:sheet_id>/publish/",
        views.sheet_publish,
        name="sheet_publish",
    ),
    path(
        "assessments/<int:sheet_id>/indicators/<int:indicator_id>/remove/",
        views.indicator_remove,
        name="indicator_remove",
    ),
    path(
        "assessments/<int:sheet_id>/score/<int:indicator_id>/<int:unit_id>/",
        views.score_edit,
        name="score",
    ),
    path("assessments/<int:sheet_id>/report/", views.sheet_report, name="report"),
    path(
        "assessments/<int:sheet_id>/report.<str:fmt>",
        views.sheet_report_file,
        name="report_file",
    ),
]
