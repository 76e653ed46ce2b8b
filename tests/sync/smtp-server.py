#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A real SMTP server on 127.0.0.1 for the message tests (aiosmtpd), as
# strict as the servers shops send through: it refuses a missing or
# malformed MAIL FROM, headers with unencoded non-ASCII bytes, and lines
# over 998 octets. Each message it takes is saved to DIR as N.eml (the
# bytes received) and N.json (what a customer's mail program shows:
# the decoded headers, the text, the attachments' names and SHA-256).
#
#   smtp-server.py DIR [--mode accept|421|451|550|drop] [--times N]
#                      [--login USER --password PASSWORD]
#
# With --login, a client must log in (AUTH PLAIN or LOGIN) as USER with
# PASSWORD before it may send.
#
# In a mode other than accept the first N connections (421) or messages
# (451, 550, drop) get that answer, then it accepts. drop saves the
# message and closes the connection without answering its end. The port
# is printed on the first line of stdout; the server stops when stdin
# closes (its test ended).

import argparse
import asyncio
import email
import email.policy
import hashlib
import json
import os
import re
import sys
import threading
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$|^[^@\s<>]+@localhost$")


class State:
    def __init__(self, directory, mode, times):
        self.directory = directory
        self.mode = mode
        self.left = times
        self.saved = 0

    def take_failure(self, mode):
        if self.mode == mode and self.left > 0:
            self.left -= 1
            return True
        return False

    def save(self, envelope):
        self.saved += 1
        base = os.path.join(self.directory, str(self.saved))
        raw = envelope.original_content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        attachments = []
        for part in msg.iter_attachments():
            data = part.get_payload(decode=True)
            attachments.append({
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            })
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "subject": str(msg["Subject"]),
            "date": str(msg["Date"]),
            "message_id": str(msg["Message-ID"]),
            "content_type": msg.get_content_type(),
            "body": body.get_content() if body is not None else None,
            "attachments": attachments,
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")


class Handler:
    def __init__(self, state):
        self.state = state

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if not ADDRESS.match(address or ""):
            return "553 5.1.7 The sender address is not valid"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        for line in raw.split(b"\r\n"):
            if len(line) > 998:
                return "554 5.6.0 Line longer than 998 octets"
        head = raw.split(b"\r\n\r\n", 1)[0]
        if any(b >= 0x80 for b in head):
            return "554 5.6.0 Headers must be ASCII (RFC 2047 encoded-words)"
        if b"\nSubject:" not in b"\n" + head or b"\nMessage-ID:" not in b"\n" + head:
            return "554 5.6.0 A message needs a Subject and a Message-ID"
        if self.state.take_failure("451"):
            return "451 4.3.0 Temporary failure, try again later"
        if self.state.take_failure("550"):
            return "550 5.7.1 Message refused"
        self.state.save(envelope)
        if self.state.take_failure("drop"):
            server.transport.abort()
        return "250 2.0.0 OK queued"


class Authenticator:
    def __init__(self, login, password):
        self.login = login.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == self.login
              and auth_data.password == self.password)
        return AuthResult(success=ok, handled=False)


class StrictSMTP(SMTP):
    def __init__(self, handler, state, authenticator):
        if authenticator is None:
            super().__init__(handler, hostname="retour-test", decode_data=False)
        else:
            # Over plain TCP on 127.0.0.1 only: these are tests.
            warnings.simplefilter("ignore")
            super().__init__(handler, hostname="retour-test", decode_data=False,
                             authenticator=authenticator, auth_required=True,
                             auth_require_tls=False)
        self.refused = False
        self.state = state

    def connection_made(self, transport):
        if self.state.take_failure("421"):
            self.refused = True
            transport.write(b"421 4.3.2 Service not available, try again later\r\n")
            transport.close()
            return
        super().connection_made(transport)

    def connection_lost(self, error):
        if self.refused:
            return
        super().connection_lost(error)


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--mode", default="accept", choices=["accept", "421", "451", "550", "drop"])
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--login")
    parser.add_argument("--password")
    args = parser.parse_args()
    authenticator = Authenticator(args.login, args.password) if args.login else None

    state = State(args.directory, args.mode, args.times)
    handler = Handler(state)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: StrictSMTP(handler, state, authenticator), "127.0.0.1", 0))
    print(server.sockets[0].getsockname()[1], flush=True)
    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
