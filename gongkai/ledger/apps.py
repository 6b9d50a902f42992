from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai.ledger"
    label = "ledger"
    verbose_name = "工作要点、台账与考评"
