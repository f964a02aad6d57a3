"""A throwaway PostgreSQL 15 + PostGIS 3 cluster for the benchmarks (Debian's
postgresql-15-postgis-3): initdb in a temporary folder, a server on a Unix socket in it (no TCP,
fsync off), stopped and removed afterwards. As root, the server runs as Debian's `postgres` user.
"""
import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile

PGBIN = "/usr/lib/postgresql/15/bin"
PORT = 54329


@contextlib.contextmanager
def throwaway_cluster():
    """Yields the folder holding the server's socket (PGHOST) once the server accepts connections."""
    if not os.path.exists(PGBIN + "/initdb"):
        raise SystemExit("PostgreSQL 15 is not installed (apt-get install postgresql-15-postgis-3)")
    postgres = pwd.getpwnam("postgres")
    home = tempfile.mkdtemp(prefix="eventmap-pg-")
    os.chown(home, postgres.pw_uid, postgres.pw_gid)
    data = os.path.join(home, "data")

    def as_postgres(*command, **kwargs):
        return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, **kwargs)

    try:
        as_postgres(PGBIN + "/initdb", "-D", data, "-A", "trust", "-U", "postgres", stdout=subprocess.DEVNULL)
        as_postgres(PGBIN + "/pg_ctl", "-D", data, "-w", "-l", os.path.join(home, "log"),
                    "-o", f"-k {home} -c listen_addresses='' -p {PORT} -c fsync=off -c max_wal_size=4GB", "start",
                    stdout=subprocess.DEVNULL)
        subprocess.run([PGBIN + "/psql", "-q", "-v", "ON_ERROR_STOP=1", "-h", home, "-p", str(PORT), "-U", "postgres", "-d", "postgres",
                        "-c", "CREATE EXTENSION postgis"], check=True, stdout=subprocess.DEVNULL)
        yield home
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", PGBIN + "/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(home, ignore_errors=True)
