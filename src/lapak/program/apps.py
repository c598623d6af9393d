from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "lapak.program"
    label = "program"
    verbose_name = "Program"

    def ready(self):
        from lapak.payments.hooks import after_refund_register

        from .corrections import correction_for_refund

        # Not a signal: money must be followable. payments.services.refund_record calls after_refund.
        after_refund_register(correction_for_refund)
