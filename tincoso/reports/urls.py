from django.urls import path

from tincoso.reports import views

urlpatterns = [
    path("app/dashboard/", views.dashboard, name="rollup-dashboard"),
    path("app/dashboard/figures.xlsx", views.dashboard_figures, name="rollup-dashboard-xlsx"),
    path("app/reports/", views.report_home, name="report-home"),
    path("app/reports/unit/<slug:code>/", views.report_list, name="report-list"),
    path("app/reports/unit/<slug:code>/new/", views.report_create, name="report-create"),
    path("app/reports/unit/<slug:code>/schedule/", views.schedule_set, name="report-schedule"),
    path("app/reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("app/reports/<int:pk>/approve/", views.report_approve, name="report-approve"),
    path("app/reports/<int:pk>/send-back/", views.report_send_back, name="report-send-back"),
    path("app/reports/<int:pk>/file.<str:fmt>", views.report_file, name="report-file"),
]
