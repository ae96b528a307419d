# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""DingTalk event-callback crypto (the same scheme as WeCom's WXBizMsgCrypt).

Pure Python, no Odoo: AES-256-CBC with the 43-character EncodingAESKey, IV = key[:16],
PKCS#7 padding to a 32-byte block, plaintext ``random(16) ‖ len(msg) (4 bytes, big-endian,
in bytes) ‖ msg ‖ owner key``; signature = sha1 of the sorted token, timestamp, nonce and
ciphertext, compared in constant time. Lengths are counted on UTF-8 bytes, never characters.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import struct
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK_SIZE = 32
MAX_MESSAGE_BYTES = 1024 * 1024


class CallbackCryptoError(ValueError):
    """The request is not a valid encrypted callback (bad key, signature, padding, owner)."""


class CallbackCrypto:
    def __init__(self, token, aes_key, owner_key):
        """``owner_key``: the AppKey (corpId for legacy apps, suiteKey for ISV apps), or a
        tuple of accepted owner keys, the first one used to encrypt replies."""
        owner_keys = owner_key if isinstance(owner_key, tuple | list) else (owner_key,)
        owner_keys = tuple(key for key in owner_keys if key)
        if not token or not aes_key or not owner_keys:
            raise CallbackCryptoError("token, aes_key and owner key are required")
        if len(aes_key) != 43:
            raise CallbackCryptoError("the EncodingAESKey must be 43 characters")
        try:
            self.key = base64.b64decode(aes_key + "=", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise CallbackCryptoError("the EncodingAESKey is not base64") from exc
        if len(self.key) != 32:
            raise CallbackCryptoError("the EncodingAESKey must decode to 32 bytes")
        self.token = token
        self.owner_keys = tuple(key.encode() for key in owner_keys)
        self.owner_key = self.owner_keys[0]

    def _cipher(self):
        return Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16]))

    def signature(self, timestamp, nonce, encrypt):
        parts = sorted([self.token, str(timestamp), str(nonce), encrypt])
        return hashlib.sha1("".join(parts).encode()).hexdigest()

    def verify(self, signature, timestamp, nonce, encrypt):
        expected = self.signature(timestamp, nonce, encrypt)
        return hmac.compare_digest(expected.encode(), (signature or "").lower().encode())

    def encrypt(self, message, random_prefix=None):
        data = message.encode()
        prefix = random_prefix if random_prefix is not None else os.urandom(16)
        plain = prefix + struct.pack(">I", len(data)) + data + self.owner_key
        pad = BLOCK_SIZE - len(plain) % BLOCK_SIZE
        plain += bytes([pad]) * pad
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def decrypt(self, encrypt):
        try:
            raw = base64.b64decode(encrypt, validate=True)
        except (binascii.Error, ValueError, TypeError) as exc:
            raise CallbackCryptoError("the ciphertext is not base64") from exc
        if not raw or len(raw) % 16:
            raise CallbackCryptoError("the ciphertext length is not a multiple of the block")
        decryptor = self._cipher().decryptor()
        plain = decryptor.update(raw) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= BLOCK_SIZE or plain[-pad:] != bytes([pad]) * pad:
            raise CallbackCryptoError("bad padding")
        plain = plain[:-pad]
        if len(plain) < 20:
            raise CallbackCryptoError("plaintext too short")
        (length,) = struct.unpack(">I", plain[16:20])
        if length > min(MAX_MESSAGE_BYTES, len(plain) - 20):
            raise CallbackCryptoError("message length out of bounds")
        message, owner = plain[20 : 20 + length], plain[20 + length :]
        if not any(hmac.compare_digest(owner, key) for key in self.owner_keys):
            raise CallbackCryptoError("owner key mismatch")
        try:
            return message.decode()
        except UnicodeDecodeError as exc:
            raise CallbackCryptoError("message is not UTF-8") from exc

    def reply(self, message="success", timestamp=None, nonce=None):
        """The JSON DingTalk expects back: the encrypted message, signed."""
        timestamp = str(timestamp or int(time.time() * 1000))
        nonce = nonce or secrets.token_urlsafe(6)
        encrypt = self.encrypt(message)
        return {
            "msg_signature": self.signature(timestamp, nonce, encrypt),
            "timeStamp": timestamp,
            "nonce": nonce,
            "encrypt": encrypt,
        }
