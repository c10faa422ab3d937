"""Sending e-mail over SMTP with smtplib: one connection per run, failures as MailError."""

import smtplib
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr

TIMEOUT_SECONDS = 20


class MailError(Exception):
    """The message could not be handed to the SMTP server."""


def build(sender: str, name: str, address: str, subject: str, text: str, html: str):
    """A multipart/alternative message: plain text first, simple HTML second."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = formataddr((name, address))
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


class Mailer:
    """`with Mailer(host, port) as mailer: mailer.send(message)`.

    A server that cannot be reached fails every message with the same reason, without trying
    to connect again for each one; a connection dropped mid-run is reopened once.
    """

    def __init__(self, host: str, port: int, timeout: float = TIMEOUT_SECONDS) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.smtp: smtplib.SMTP | None = None
        self.error: Exception | None = None

    def __enter__(self) -> "Mailer":
        self._connect()
        return self

    def __exit__(self, *_exc) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()

    def _connect(self) -> None:
        try:
            self.smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except (smtplib.SMTPException, OSError) as error:
            self.smtp, self.error = None, error

    def send(self, message: EmailMessage) -> None:
        if self.smtp is None:
            raise MailError(f"{self.host}:{self.port}: {self.error}")
        try:
            self.smtp.send_message(message)
        except smtplib.SMTPServerDisconnected:
            self._connect()
            if self.smtp is None:
                raise MailError(f"{self.host}:{self.port}: {self.error}") from None
            self._send_again(message)
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(str(error)) from error

    def _send_again(self, message: EmailMessage) -> None:
        try:
            self.smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(str(error)) from error
