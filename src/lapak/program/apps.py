from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "lapak.program"
    label = "program"
    verbose_name = "Program"

    def ready(self):
        from lapak.payments.signals import refund_recorded

        from .corrections import correction_for_refund

        refund_recorded.connect(correction_for_refund, dispatch_uid="program.correction_for_refund")
