from django.urls import path

from tincoso.feedback import feeds, public, views

urlpatterns = [
    # Public: no account needed.
    path("gop-y/", public.submit, name="feedback-submit"),
    path("gop-y/da-gui/<str:code>/", public.thanks, name="feedback-thanks"),
    path("gop-y/tra-cuu/", public.track, name="feedback-track"),
    path("gop-y/bai/<int:item_id>/", public.ask_about_item, name="feedback-ask-about-item"),
    path("gop-y/qr.svg", public.qr_svg, name="feedback-qr"),
    path("hoi-dap/", public.qa_list, name="qa-list"),
    path("hoi-dap/rss/", feeds.QAFeed(), name="qa-feed"),
    path("hoi-dap/<int:pk>/", public.qa_detail, name="qa-detail"),
    path("dinh-chinh/", public.corrections_list, name="corrections-public"),
    path("dinh-chinh/rss/", feeds.CorrectionsFeed(), name="corrections-feed"),
    path("dinh-chinh/<int:pk>/", public.correction_detail, name="correction-public"),
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
