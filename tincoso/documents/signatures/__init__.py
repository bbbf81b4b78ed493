"""Digital signatures on imported PDFs: verified offline, read for prefill.

trust    the pinned Vietnamese CA certificates shipped here, plus an administrator's
verify   ``verify(pdf_bytes) -> list[SignatureResult]`` with pyHanko
prefill  number, day, signer, issuer and date suggested from the signatures
"""
