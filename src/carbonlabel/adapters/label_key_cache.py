"""The label keys' public halves, kept in memory for the verification path.

Reading and parsing the PEM files costs far more than a verification; they are read once and
again only when the key folder changes (a rotation adds a file, which changes the folder's
modification time; one ``stat`` per call notices it, also for a rotation made by another
process such as ``carbonlabel label keys rotate``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from carbonlabel.adapters.label_keys import LabelKeys
from carbonlabel.domain.certification.label import b64encode

_EMPTY: Mapping[str, Ed25519PublicKey] = MappingProxyType({})


class PublicKeyCache:
    def __init__(self, keys: LabelKeys) -> None:
        self.keys = keys
        # one tuple, replaced whole, so that threads never see half an update
        self._cached: tuple[int | None, Mapping[str, Ed25519PublicKey], dict[str, str]] = (
            -1, _EMPTY, {})

    def _stamp(self) -> int | None:
        try:
            return os.stat(self.keys.folder).st_mtime_ns
        except OSError:
            return None

    def _current(self) -> tuple[int | None, Mapping[str, Ed25519PublicKey], dict[str, str]]:
        stamp = self._stamp()
        cached = self._cached
        if cached[0] != stamp:
            found = self.keys.public_keys() if stamp is not None else {}
            published = {kid: b64encode(key.public_bytes(serialization.Encoding.Raw,
                                                         serialization.PublicFormat.Raw))
                         for kid, key in found.items()}
            cached = (stamp, MappingProxyType(found), published)
            self._cached = cached
        return cached

    def get(self) -> Mapping[str, Ed25519PublicKey]:
        """``kid`` → public key, for :func:`carbonlabel.adapters.label_keys.verify_signature`."""
        return self._current()[1]

    def published(self) -> dict[str, str]:
        """``kid`` → base64url raw public key: what the registry publishes."""
        return dict(self._current()[2])
