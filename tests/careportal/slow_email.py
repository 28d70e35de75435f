"""A file e-mail backend that waits before writing, so a test can kill the worker in the middle of a send."""

import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(8)
        return super().send_messages(email_messages)
