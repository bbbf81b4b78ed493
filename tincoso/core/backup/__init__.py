"""``tincoso backup`` / ``tincoso restore``: the database and the media in one archive.

An archive is a tar file holding ``manifest.json`` (format, date, versions, the
database engine, the applied migrations, each member's size and SHA-256), the
database (``database.sqlite3``, a consistent copy made with SQLite's online backup
API while the app goes on writing; or ``database.pgdump``, pg_dump's custom format,
one snapshot) and the media folders (``media/``, ``private/``) when media are on
disk. Restore checks everything first and changes nothing when the archive is
corrupt, from another engine or from a newer version.
"""
