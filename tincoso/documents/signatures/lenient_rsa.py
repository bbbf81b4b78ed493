"""An RSA PKCS#1 v1.5 check that tolerates a DigestInfo without the NULL parameter.

iText 5.5.6 (corpus 046, a provincial leader's signature) writes the DigestInfo's
AlgorithmIdentifier without its NULL parameters.  The hash inside is right, but
OpenSSL 3 and ``cryptography`` refuse the encoding.  This check recovers the
encoded block with the public key and compares the digest it carries with the hash
of the signed attributes: a match means "non-standard encoding, content unchanged".
"""

from __future__ import annotations

import hashlib

from asn1crypto import algos, cms, x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key


def digest_matches(signer_info: cms.SignerInfo, cert: x509.Certificate) -> bool:
    """True when the RSA signature holds the right digest in any DigestInfo encoding."""
    try:
        key = load_der_public_key(cert.public_key.dump())
        if not isinstance(key, rsa.RSAPublicKey):
            return False
        numbers = key.public_numbers()
        size = (numbers.n.bit_length() + 7) // 8
        signature = int.from_bytes(signer_info["signature"].native, "big")
        block = pow(signature, numbers.e, numbers.n).to_bytes(size, "big")
        if not block.startswith(b"\x00\x01"):
            return False
        separator = block.index(b"\x00", 2)
        if set(block[2:separator]) != {0xFF} or separator < 10:
            return False
        info = algos.DigestInfo.load(block[separator + 1 :])
        name = info["digest_algorithm"]["algorithm"].native
        attrs = signer_info["signed_attrs"]
        if not attrs or not len(attrs):
            return False
        signed = b"\x31" + attrs.dump()[1:]  # the attributes as a SET OF, as signed
        return bool(hashlib.new(name, signed).digest() == info["digest"].native)
    except (ValueError, TypeError, KeyError):
        return False
