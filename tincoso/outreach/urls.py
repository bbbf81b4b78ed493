from django.urls import path

from tincoso.outreach import views

urlpatterns = [
    path("app/outreach/", views.activities, name="outreach-activities"),
    path("app/outreach/new/", views.activity_new, name="outreach-activity-new"),
    path("app/outreach/<int:pk>/", views.activity_detail, name="outreach-activity"),
    path("app/outreach/<int:pk>/edit/", views.activity_edit, name="outreach-activity-edit"),
    path("app/outreach/<int:pk>/delete/", views.activity_delete,
         name="outreach-activity-delete"),
    path("app/outreach/files/<int:pk>/", views.activity_file, name="outreach-file"),
    path("app/outreach/import/", views.import_activities, name="outreach-import"),
    path("app/outreach/import/template.xlsx", views.import_template,
         name="outreach-import-template"),
    path("app/outreach/calendar/", views.unit_calendar_redirect, name="outreach-calendar-home"),
    path("app/outreach/calendar/<slug:code>/", views.calendar_view, name="outreach-calendar"),
    path("app/outreach/calendar/<slug:code>.ics", views.calendar_ics, name="outreach-ical"),
    path("app/outreach/reporters/", views.reporters, name="outreach-reporters"),
    path("app/outreach/reporters/new/", views.reporter_edit, name="outreach-reporter-new"),
    path("app/outreach/reporters/<int:pk>/", views.reporter_edit, name="outreach-reporter-edit"),
    path("app/outreach/materials/", views.materials, name="outreach-materials"),
    path("app/outreach/materials/new/", views.material_new, name="outreach-material-new"),
    path("app/outreach/materials/<int:pk>/file/", views.material_file,
         name="outreach-material-file"),
]
