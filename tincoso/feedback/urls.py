from django.urls import path

from tincoso.feedback import feeds, portal, views

urlpatterns = [
    # Public: no account needed.
    path("gop-y/", portal.submit, name="feedback-submit"),
    path("gop-y/da-gui/<str:code>/", portal.thanks, name="feedback-thanks"),
    path("gop-y/tra-cuu/", portal.track, name="feedback-track"),
    path("gop-y/bai/<int:item_id>/", portal.ask_about_item, name="feedback-ask-about-item"),
    path("gop-y/qr.svg", portal.qr_svg, name="feedback-qr"),
    path("hoi-dap/", portal.qa_list, name="qa-list"),
    path("hoi-dap/rss/", feeds.QAFeed(), name="qa-feed"),
    path("hoi-dap/<int:pk>/", portal.qa_detail, name="qa-detail"),
    path("dinh-chinh/", portal.corrections_list, name="corrections-public"),
    path("dinh-chinh/rss/", feeds.CorrectionsFeed(), name="corrections-feed"),
    path("dinh-chinh/<int:pk>/", portal.correction_detail, name="correction-public"),
    # Staff.
    path("app/feedback/", views.inbox, name="feedback-inbox"),
    path("app/feedback/stats/", views.statistics, name="feedback-stats"),
    path("app/feedback/qr/", views.qr_poster, name="feedback-qr-poster"),
    path("app/feedback/<int:pk>/", views.detail, name="feedback-detail"),
    path("app/feedback/<int:pk>/photo/", views.photo, name="feedback-photo"),
    path("app/feedback/<int:pk>/publication/", views.publication, name="feedback-publication"),
    path("app/feedback/<int:pk>/<str:action>/", views.act, name="feedback-act"),
    path("app/corrections/", views.correction_list, name="correction-list"),
    path("app/corrections/new/", views.correction_new, name="correction-new"),
    path("app/corrections/<int:pk>/", views.correction_detail, name="correction-detail"),
    path("app/corrections/<int:pk>/edit/", views.correction_edit, name="correction-edit"),
    path("app/corrections/<int:pk>/<str:action>/", views.correction_act, name="correction-act"),
]
