from django.urls import path

from tincoso.documents.registers import views

urlpatterns = [
    path("app/registers/", views.home, name="register-home"),
    path("app/registers/<slug:code>/report/", views.report, name="register-report"),
    path("app/registers/<slug:code>/<int:year>/close/", views.close, name="register-close"),
    path(
        "app/registers/<slug:code>/<int:year>/<slug:kind>/", views.book_page, name="register-book"
    ),
    path(
        "app/registers/<slug:code>/<int:year>/<slug:kind>/print/",
        views.print_page,
        name="register-print",
    ),
    path("app/registers/<slug:code>/<int:year>/<slug:kind>.xlsx", views.xlsx, name="register-xlsx"),
]
