# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import json
import random
import struct
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from odoo.tests import HttpCase, TransactionCase, tagged

from ..lib.callback_crypto import CallbackCrypto, CallbackCryptoError
from .common import CALLBACK_AES_KEY, CALLBACK_TOKEN
from .dingtalk_server import APP_KEY

# DingTalk's official sample vector (open-dingtalk/DingTalk-Callback-Crypto)
OFFICIAL = {
    "token": "mryue",
    "aes_key": "Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7",
    "owner": "ding6ccabc44d2c8d38b",
    "timestamp": "1608001896814",
    "nonce": "WL4PK6yA",
    "signature": "03044561471240d4a14bb09372dfcfd4fd0e40cb",
    "encrypt": "0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NR"
    "PvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3",
}


def independent_encrypt(aes_key, owner, message, prefix):
    """The documented scheme written out step by step, independently of the addon."""
    key = base64.b64decode(aes_key + "=")
    body = message.encode("utf-8")
    plain = prefix + len(body).to_bytes(4, "big") + body + owner.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad] * pad)
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(plain) + enc.finalize()).decode()


@tagged("post_install", "-at_install")
class TestCallbackCrypto(TransactionCase):
    def test_official_vector(self):
        crypto = CallbackCrypto(OFFICIAL["token"], OFFICIAL["aes_key"], OFFICIAL["owner"])
        self.assertEqual(
            crypto.signature(OFFICIAL["timestamp"], OFFICIAL["nonce"], OFFICIAL["encrypt"]),
            OFFICIAL["signature"],
        )
        self.assertTrue(
            crypto.verify(
                OFFICIAL["signature"], OFFICIAL["timestamp"], OFFICIAL["nonce"], OFFICIAL["encrypt"]
            )
        )
        self.assertEqual(crypto.decrypt(OFFICIAL["encrypt"]), '{"EventType":"check_url"}')
        other_owner = CallbackCrypto(OFFICIAL["token"], OFFICIAL["aes_key"], "dingotherapp")
        with self.assertRaisesRegex(CallbackCryptoError, "owner"):
            other_owner.decrypt(OFFICIAL["encrypt"])

    def test_known_answer_chinese_payload_counts_bytes(self):
        message = '{"EventType":"user_add_org","name":"王强·潍坊鸿达"}'
        prefix = b"0123456789abcdef"
        crypto = CallbackCrypto("tok", CALLBACK_AES_KEY, APP_KEY)
        expected = independent_encrypt(CALLBACK_AES_KEY, APP_KEY, message, prefix)
        self.assertEqual(crypto.encrypt(message, random_prefix=prefix), expected)
        self.assertEqual(crypto.decrypt(expected), message)
        key = base64.b64decode(CALLBACK_AES_KEY + "=")
        dec = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
        plain = dec.update(base64.b64decode(expected)) + dec.finalize()
        self.assertEqual(struct.unpack(">I", plain[16:20])[0], len(message.encode()))
        self.assertNotEqual(len(message.encode()), len(message))

    def test_full_block_padding_and_bad_input(self):
        crypto = CallbackCrypto("tok", CALLBACK_AES_KEY, APP_KEY)
        # 16 + 4 + len(msg) + len(owner) a multiple of 32: a whole block of padding
        message = "x" * (64 - 20 - len(APP_KEY))
        encrypted = crypto.encrypt(message)
        self.assertEqual(len(base64.b64decode(encrypted)), 96)
        self.assertEqual(crypto.decrypt(encrypted), message)
        for bad in ("", "not base64!", base64.b64encode(b"short").decode(), encrypted[:-8]):
            with self.assertRaises(CallbackCryptoError):
                crypto.decrypt(bad)
        with self.assertRaises(CallbackCryptoError):
            CallbackCrypto("tok", "too-short", APP_KEY)

    def test_reply_is_encrypted_success(self):
        crypto = CallbackCrypto(CALLBACK_TOKEN, CALLBACK_AES_KEY, APP_KEY)
        reply = crypto.reply()
        self.assertEqual(crypto.decrypt(reply["encrypt"]), "success")
        self.assertTrue(
            crypto.verify(
                reply["msg_signature"], reply["timeStamp"], reply["nonce"], reply["encrypt"]
            )
        )


@tagged("post_install", "-at_install")
class TestCallbackEndpoint(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.sudo().write(
            {
                "dingtalk_app_key": APP_KEY,
                "dingtalk_corp_id": "dingcorp0001",
                "dingtalk_callback_token": CALLBACK_TOKEN,
                "dingtalk_callback_aes_key": CALLBACK_AES_KEY,
            }
        )
        cls.crypto = CallbackCrypto(CALLBACK_TOKEN, CALLBACK_AES_KEY, APP_KEY)
        cls.path = f"/dingtalk/callback/{cls.company.id}"
        cls.Event = cls.env["dingtalk.event"].sudo()

    def _post(self, message, nonce=None, timestamp=None, signature=None, crypto=None):
        crypto = crypto or self.crypto
        encrypt = crypto.encrypt(json.dumps(message, ensure_ascii=False))
        timestamp = timestamp or str(int(time.time() * 1000))
        nonce = nonce or hashlib.md5(f"{random.random()}".encode()).hexdigest()[:8]
        signature = signature or crypto.signature(timestamp, nonce, encrypt)
        return self.url_open(
            f"{self.path}?msg_signature={signature}&timestamp={timestamp}&nonce={nonce}",
            data=json.dumps({"encrypt": encrypt}),
            headers={"Content-Type": "application/json"},
        )

    def _assert_success(self, response):
        self.assertEqual(response.status_code, 200, response.text)
        reply = response.json()
        self.assertTrue(
            self.crypto.verify(
                reply["msg_signature"], reply["timeStamp"], reply["nonce"], reply["encrypt"]
            )
        )
        self.assertEqual(self.crypto.decrypt(reply["encrypt"]), "success")

    def test_check_url_answered_with_encrypted_success(self):
        self._assert_success(self._post({"EventType": "check_url"}))
        # legacy spelling of the parameters
        encrypt = self.crypto.encrypt('{"EventType":"check_url"}')
        ts, nonce = str(int(time.time() * 1000)), "legacy01"
        response = self.url_open(
            f"{self.path}?signature={self.crypto.signature(ts, nonce, encrypt)}"
            f"&timeStamp={ts}&nonce={nonce}",
            data=json.dumps({"encrypt": encrypt}),
        )
        self._assert_success(response)

    def test_event_stored_then_processed_by_cron(self):
        message = {"EventType": "bpms_task_change", "EventId": "ev-001", "remark": "同意，尽快发货"}
        self._assert_success(self._post(message))
        event = self.Event.search([("event_id", "=", "ev-001")])
        self.assertEqual(event.state, "new")
        self.assertEqual(json.loads(event.payload)["remark"], "同意，尽快发货")
        self.env["dingtalk.event"]._cron_process()
        self.assertEqual(event.state, "done")  # no approval instance of ours: nothing to do

    def test_retried_event_answered_once_stored(self):
        message = {"EventType": "user_add_org", "EventId": "ev-dup", "UserId": []}
        self._assert_success(self._post(message))
        self._assert_success(self._post(message))  # DingTalk's retry: new nonce, same event
        self.assertEqual(self.Event.search_count([("event_id", "=", "ev-dup")]), 1)

    def test_replayed_nonce_rejected(self):
        message = {"EventType": "user_add_org", "EventId": "ev-r1", "UserId": []}
        self._assert_success(self._post(message, nonce="replay01"))
        other = dict(message, EventId="ev-r2")
        self.assertEqual(self._post(other, nonce="replay01").status_code, 403)
        self.assertFalse(self.Event.search([("event_id", "=", "ev-r2")]))

    def test_bad_signature_stale_timestamp_wrong_owner(self):
        message = {"EventType": "check_url"}
        self.assertEqual(self._post(message, signature="0" * 40).status_code, 403)
        stale = str(int(time.time() * 1000) - 3600 * 1000)
        self.assertEqual(self._post(message, timestamp=stale).status_code, 403)
        intruder = CallbackCrypto(CALLBACK_TOKEN, CALLBACK_AES_KEY, "dingotherapp")
        self.assertEqual(self._post(message, crypto=intruder).status_code, 400)
        # the official vector is correctly signed but years old
        self.company.sudo().write(
            {
                "dingtalk_callback_token": OFFICIAL["token"],
                "dingtalk_app_key": OFFICIAL["owner"],
            }
        )
        response = self.url_open(
            f"{self.path}?msg_signature={OFFICIAL['signature']}&timestamp={OFFICIAL['timestamp']}"
            f"&nonce={OFFICIAL['nonce']}",
            data=json.dumps({"encrypt": OFFICIAL["encrypt"]}),
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("stale", response.text)

    def test_unknown_company_and_get(self):
        response = self.url_open(
            "/dingtalk/callback/999999?msg_signature=a&timestamp=1&nonce=n", data="{}"
        )
        self.assertEqual(response.status_code, 404)
        self.assertGreaterEqual(self.url_open(self.path).status_code, 400)

    def test_fuzz_malformed_requests_never_500(self):
        rng = random.Random(20261123)
        ts = str(int(time.time() * 1000))
        good = self.crypto.encrypt('{"EventType":"check_url"}')
        bodies = [
            b"",
            b"null",
            b"[]",
            b'"encrypt"',
            b'{"encrypt": 5}',
            b'{"encrypt": null}',
            b'{"encrypt": ""}',
            b'{"encrypt": ["a"]}',
            b"\xff\xfe\x00",
            json.dumps({"encrypt": good[:-4]}).encode(),
            json.dumps({"encrypt": good + "AAAA"}).encode(),
        ]
        for _i in range(300):
            kind = rng.randrange(4)
            if kind == 0:
                body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
            elif kind == 1:
                body = json.dumps(
                    {"encrypt": base64.b64encode(rng.randbytes(32 * rng.randrange(1, 6))).decode()}
                ).encode()
            elif kind == 2:
                body = json.dumps(
                    {"encrypt": "".join(rng.choice("AB+/=中") for _ in range(44))}
                ).encode()
            else:
                body = rng.choice(bodies)
            bodies.append(body)
        failures = []
        for index, body in enumerate(bodies):
            nonce = f"fz{index}"
            try:
                encrypt = json.loads(body).get("encrypt") or ""
            except (ValueError, AttributeError, UnicodeDecodeError):
                encrypt = ""
            signature = (
                self.crypto.signature(ts, nonce, encrypt)
                if isinstance(encrypt, str) and index % 2
                else "bad"
            )
            query = rng.choice(
                [
                    f"msg_signature={signature}&timestamp={ts}&nonce={nonce}",
                    f"msg_signature={signature}&timestamp=abc&nonce={nonce}",
                    f"timestamp={ts}",
                    f"msg_signature={signature}&timestamp={ts}&nonce={nonce}&nonce=x",
                ]
            )
            response = self.url_open(f"{self.path}?{query}", data=body)
            if not 400 <= response.status_code < 500:
                failures.append((response.status_code, body[:40]))
        self.assertFalse(failures)
        self.assertFalse(self.Event.search([("nonce", "like", "fz%")]))
