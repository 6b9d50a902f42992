from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai.ledger"
    label = "ledger"
    verbose_name = "工作要点、台账与考评"

    def ready(self) -> None:
        from gongkai.core.audit import register_verbs
        from gongkai.ledger.states import VERB_LABELS

        register_verbs(VERB_LABELS)
