from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """The national document exchange (edXML, QCVN 102:2016) and the party channel's files.

    A sub-app of ``documents``: it builds on the register and never the other way round;
    the document page shows its panel through ``document_panels``.
    """

    name = "tincoso.documents.exchange"
    label = "exchange"
    verbose_name = _("Liên thông văn bản")
    urls = "tincoso.documents.exchange.urls"
    nav = [("exchange-home", _("Liên thông"))]
    document_panels = ["tincoso.documents.exchange.views.document_panel"]
    demo_loader = "tincoso.documents.exchange.demo.load_demo"
    periodic = [("tincoso.documents.exchange.running.run_once", 300)]
