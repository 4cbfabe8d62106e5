"""A real SMTP server for the tests (aiosmtpd), on a free port, keeping what it receives."""

import email
import email.policy
import threading
import time

from aiosmtpd.controller import Controller

from tests.processes import free_port


class Inbox:
    """aiosmtpd handler: every message accepted, parsed, per recipient. `refuse` (a number)
    answers that many messages with a temporary failure first; `on_message(count)` is called
    as each message arrives, before the server answers it."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.refuse_answer = "451 4.3.0 Try again later"
        self.on_message = None
        self.lock = threading.Lock()
        self.arrivals = []  # time.monotonic() of each message accepted

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return self.refuse_answer
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((recipient, message))
            count = len(self.messages)
            self.arrivals.append(time.monotonic())
        if self.on_message:
            self.on_message(count)
        return "250 OK"

    def to(self, address):
        return [message for recipient, message in self.messages if recipient == address]

    def recipients(self):
        return sorted(recipient for recipient, _message in self.messages)


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


def text_part(message):
    return message.get_body(("plain",)).get_content()


def html_part(message):
    return message.get_body(("html",)).get_content()
