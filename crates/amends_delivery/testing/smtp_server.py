"""A real SMTP server for amends' delivery tests, with scripted misbehaviour.

Listens on 127.0.0.1 at a port the OS chooses and prints `READY <port>` as its first line on
stdout, then one JSON line per accepted message:

    {"message_id": "reply.42.abc@amends.example", "rcpt": ["a@example.com"], "bytes": 1234,
     "peer": "127.0.0.1:50412"}

(`peer` is the client's end of the connection: tests count connections with it.)

Messages are counted in the order their DATA ends; the scripted failures apply to the first
ones:

    --temp-fail N --temp-code 421|451   the first N messages get that reply, then success
    --reject-code 550                   every message is rejected with that code and a text
    --drop-mid-data N                   the first N messages: the connection is cut after the
                                        message's data has arrived, before any reply
    --hold-first SECONDS                sleep before answering the first message's DATA
    --idle-timeout SECONDS              close a session idle that long (default 300)
    --log FILE                          also append every event as a JSON line to FILE

Used through `amends_delivery::testing::SmtpServer`; needs `pip install aiosmtpd`.
"""

import argparse
import asyncio
import json
import sys
from email.parser import BytesHeaderParser

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, args):
        self.args = args
        self.seen = 0
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def emit(self, event, stdout):
        line = json.dumps(event)
        if stdout:
            print(line, flush=True)
        if self.log:
            self.log.write(line + "\n")
            self.log.flush()

    async def handle_DATA(self, server, session, envelope):
        n = self.seen
        self.seen += 1
        args = self.args
        content = envelope.original_content or envelope.content
        headers = BytesHeaderParser().parsebytes(content)
        message_id = (headers.get("Message-ID") or "").strip().strip("<>")
        host, port = session.peer[:2]
        event = {
            "message_id": message_id,
            "rcpt": list(envelope.rcpt_tos),
            "bytes": len(content),
            "peer": f"{host}:{port}",
        }

        if n == 0 and args.hold_first > 0:
            await asyncio.sleep(args.hold_first)
        if n < args.drop_mid_data:
            self.emit({"event": "dropped", **event}, stdout=False)
            server.transport.abort()
            # The reply aiosmtpd writes after this goes nowhere: the socket is gone.
            return "250 OK"
        if n < args.temp_fail:
            self.emit({"event": "temp-fail", **event}, stdout=False)
            return f"{args.temp_code} 4.3.0 Try again later (scripted failure {n + 1} of {args.temp_fail})"
        if args.reject_code:
            self.emit({"event": "rejected", **event}, stdout=False)
            return f"{args.reject_code} 5.7.1 Message rejected by policy (scripted)"
        self.emit(event, stdout=True)
        return "250 2.0.0 OK: queued"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--temp-fail", type=int, default=0, metavar="N")
    parser.add_argument("--temp-code", type=int, default=451, choices=[421, 450, 451, 452])
    parser.add_argument("--reject-code", type=int, default=0, choices=[0, 550, 551, 552, 553, 554])
    parser.add_argument("--drop-mid-data", type=int, default=0, metavar="N")
    parser.add_argument("--hold-first", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--idle-timeout", type=float, default=300.0, metavar="SECONDS")
    parser.add_argument("--log", metavar="FILE")
    args = parser.parse_args()

    handler = Handler(args)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(handler, hostname="amends-test-smtp", data_size_limit=None, timeout=args.idle_timeout),
            "127.0.0.1",
            0,
        )
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        async with server:
            await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
