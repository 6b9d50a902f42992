from django.urls import path

from gongkai.publications import views, views_import

app_name = "publications"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("new/", views.record_create, name="create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("ledger/", views.ledger, name="ledger"),
    path("columns/", views.columns, name="columns"),
    path("words/", views.words, name="words"),
    path("repeal/", views.repeal_import, name="repeal"),
    path("import/", views_import.import_records, name="import"),
    path("<int:record_id>/", views.record_detail, name="detail"),
    path("<int:record_id>/edit/", views.record_edit, name="edit"),
    path("<int:record_id>/submit/", views.revision_submit, name="submit"),
    path("<int:record_id>/approve/", views.revision_approve, name="approve"),
    path("<int:record_id>/return/", views.revision_return, name="return"),
    path("<int:record_id>/withdraw/", views.record_withdraw, name="withdraw"),
    path("<int:record_id>/revise/", views.record_revise, name="revise"),
    path("<int:record_id>/validity/", views.record_validity, name="validity"),
    path("<int:record_id>/link/", views.interpretation_link, name="link"),
    path("<int:record_id>/attachments/", views.attachment_upload, name="upload"),
    path(
        "attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "findings/<int:finding_id>/override/",
        views.finding_override,
        name="finding_override",
    ),
]
