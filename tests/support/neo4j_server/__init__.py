"""A real, throw-away Neo4j Community server for tests, run from Maven Central jars (no Docker).

    with Neo4jTestServer() as uri:          # e.g. "bolt://127.0.0.1:40123", auth off
        GraphDatabase.driver(uri, auth=None)

The jars are fetched once with Maven into ``var/neo4j/lib`` (git-ignored) and reused; each
server gets a fresh temporary home directory and a free loopback port, and is stopped (and its
home deleted) on exit, also when the body raised.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from filelock import FileLock

from fengong.errors import FengongError

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"
REPO_ROOT = HERE.parents[2]
DEFAULT_JAR_CACHE = REPO_ROOT / "var" / "neo4j" / "lib"

STAMP_NAME = ".fetched-for-pom"  # the pom's digest, written only after a complete fetch
FETCH_TIMEOUT_S = 900.0
LOG_TAIL_LINES = 30
JAVA_OPTIONS = (
    "-Xmx1g",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
)
# For tests: the quick compiler only and one GC thread. A server that answers small test graphs
# boots on about half the CPU time (11 s instead of 20 s, measured here), which two test workers
# booting at once on two cores feel; benchmarks keep the JVM's defaults (``full_jit``).
# Neither are the jars' classes verified again (they come from Maven Central by checksum): about 1 s of
# CPU less per boot, and the launcher is compiled once (``java Launcher.java`` compiles it at every boot).
TEST_JAVA_OPTIONS = (
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:-BytecodeVerificationRemote",
)
JAVA_MAJOR = re.compile(r'version "(?:1\.)?(\d+)')
SUPPORTED_JAVA = range(17, 25)  # Neo4j 5.26 runs on Java 17 and 21, not on 25

INSTALL_HINT = "install Java 17 and Maven (e.g. apt-get install openjdk-17-jdk-headless maven), or run the tests in CI"


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def jars_cached(jar_cache: Path = DEFAULT_JAR_CACHE) -> bool:
    """True when the cache holds a complete fetch for the current pom (so Maven is not needed)."""
    stamp = jar_cache / STAMP_NAME
    return stamp.is_file() and stamp.read_text() == _pom_digest()


def missing_prerequisites(jar_cache: Path = DEFAULT_JAR_CACHE) -> list[str]:
    """What this machine lacks to run the server: 'java', 'mvn' (only if jars are not cached), 'neo4j driver'."""
    missing = []
    if shutil.which("java") is None:
        missing.append("java")
    if shutil.which("mvn") is None and not jars_cached(jar_cache):
        missing.append("mvn")
    try:
        import neo4j  # noqa: F401
    except ImportError:
        missing.append("neo4j driver (pip install neo4j==6.4.1)")
    return missing


def fetch_jars(jar_cache: Path = DEFAULT_JAR_CACHE) -> Path:
    """Copy Neo4j and its dependencies from Maven Central into ``jar_cache``, unless already there.

    A file lock beside the cache makes parallel test workers take turns: the first fetches,
    the others wait and find the jars there.
    """
    if jars_cached(jar_cache):
        return jar_cache
    jar_cache.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(jar_cache.with_name(jar_cache.name + ".lock"), timeout=FETCH_TIMEOUT_S + 60):
        if jars_cached(jar_cache):
            return jar_cache
        return _fetch(jar_cache)


def _fetch(jar_cache: Path) -> Path:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise FengongError(f"Maven (mvn) is not installed, so the Neo4j jars cannot be fetched: {INSTALL_HINT}.")
    partial = jar_cache.with_name(jar_cache.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    command = [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={partial}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=FETCH_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        raise FengongError(f"Fetching the Neo4j jars with Maven took more than {FETCH_TIMEOUT_S:.0f} s.") from error
    if done.returncode != 0 or not any(partial.glob("*.jar")):
        output = _tail((done.stdout + done.stderr).splitlines())
        raise FengongError(f"Maven could not fetch the Neo4j jars (exit code {done.returncode}):\n{output}")
    (partial / STAMP_NAME).write_text(_pom_digest())
    shutil.rmtree(jar_cache, ignore_errors=True)
    partial.rename(jar_cache)
    return jar_cache


def _java_command() -> str:
    java = shutil.which("java")
    if java is None:
        raise FengongError(f"Java is not installed, so the Neo4j test server cannot run: {INSTALL_HINT}.")
    banner = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    found = JAVA_MAJOR.search(banner)
    if found and int(found.group(1)) not in SUPPORTED_JAVA:
        raise FengongError(f"Neo4j 5.26 needs Java 17 or 21; `{java}` is Java {found.group(1)}.")
    return java


def _compiled_launcher(java: str, lib: Path) -> Path | None:
    """A folder holding ``Launcher.class`` for this launcher source, compiled once beside the jars; None
    when the JDK has no ``javac`` (the source is then run as it is, compiled by ``java`` at each boot)."""
    digest = hashlib.sha256(LAUNCHER.read_bytes()).hexdigest()[:12]
    classes = lib.parent / f"launcher-{digest}"
    if (classes / "Launcher.class").is_file():
        return classes
    javac = Path(os.path.realpath(java)).with_name("javac")
    if not javac.is_file():
        return None
    partial = Path(tempfile.mkdtemp(prefix="launcher-", dir=lib.parent))
    command = [str(javac), "-J-XX:TieredStopAtLevel=1", "-cp", str(lib / "*"), "-d", str(partial), str(LAUNCHER)]
    if subprocess.run(command, capture_output=True, check=False).returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        return None
    try:
        partial.rename(classes)
    except OSError:  # another worker's compile got there first: same source, same class
        shutil.rmtree(partial, ignore_errors=True)
    return classes


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _tail(lines: list[str]) -> str:
    return "\n".join(lines[-LOG_TAIL_LINES:]) or "(no output)"


class Neo4jTestServer:
    """One Neo4j Community server on a free loopback port with auth off; ``with`` yields its bolt URI.

    ``page_cache_mb`` is the memory for the store's pages: the tests' small graphs need little,
    a benchmark's graph should fit (as a production server is sized), or reads and writes
    measure page evictions. ``full_jit`` keeps the JVM's own compilers, as a benchmark needs.
    """

    def __init__(
        self,
        jar_cache: Path = DEFAULT_JAR_CACHE,
        startup_timeout_s: float = 120.0,
        stop_timeout_s: float = 30.0,
        page_cache_mb: int = 64,
        full_jit: bool = False,
    ) -> None:
        self.jar_cache = jar_cache
        self.page_cache_mb = page_cache_mb
        self.java_options = JAVA_OPTIONS if full_jit else (*JAVA_OPTIONS, *TEST_JAVA_OPTIONS)
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.uri = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._home: Path | None = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def log_path(self) -> Path | None:
        """The launcher's stdout and stderr, inside the server's home."""
        return self._home / "launcher.log" if self._home else None

    def start(self) -> str:
        """Fetch the jars if needed, launch the server and return its URI once the driver can connect."""
        if self._process is not None:
            raise FengongError("This Neo4j test server is already running.")
        java = _java_command()
        lib = fetch_jars(self.jar_cache)
        self._home = Path(tempfile.mkdtemp(prefix="fengong-neo4j-"))
        port = _free_loopback_port()
        self.uri = f"bolt://127.0.0.1:{port}"
        arguments = [str(self._home / "db"), str(port), str(self.page_cache_mb)]
        classes = _compiled_launcher(java, lib)
        if classes is None:
            command = [java, *self.java_options, "-cp", str(lib / "*"), str(LAUNCHER), *arguments]
        else:
            command = [java, *self.java_options, "-cp", f"{classes}{os.pathsep}{lib / '*'}", "Launcher", *arguments]
        assert self.log_path is not None
        with self.log_path.open("wb") as log:
            # stdin stays open as a lifeline: the launcher shuts down when it reaches end of file.
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_connectable()
        except BaseException:
            self.stop()
            raise
        return self.uri

    def _wait_until_connectable(self) -> None:
        try:
            from neo4j import GraphDatabase
        except ImportError as error:
            raise FengongError("The Neo4j Python driver is missing: pip install neo4j==6.4.1.") from error

        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout_s
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise FengongError(
                    f"The Neo4j test server exited with code {self._process.returncode} before accepting "
                    f"connections. Last lines of its output:\n{self._output_tail()}"
                )
            try:
                with GraphDatabase.driver(self.uri, auth=None) as driver:
                    driver.verify_connectivity()
                return
            except Exception as error:  # not listening yet: refused, reset, or still starting
                last_error = error
            time.sleep(0.5)
        raise FengongError(
            f"The Neo4j test server did not accept connections at {self.uri} within "
            f"{self.startup_timeout_s:.0f} s (last error: {last_error}). Last lines of its output:\n{self._output_tail()}"
        )

    def _output_tail(self) -> str:
        log = self.log_path
        if log is None or not log.exists():
            return "(no output)"
        return _tail(log.read_text(errors="replace").splitlines())

    def stop(self) -> None:
        """Stop the server (terminate, then kill after the timeout) and delete its home."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()  # SIGTERM: the launcher's shutdown hook closes the database cleanly
            try:
                process.wait(timeout=self.stop_timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None and process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None


def empty(uri: str, *, schema: bool = False) -> None:
    """Delete every node and relationship of the server at ``uri``; with ``schema``, its constraints and indexes too."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        if schema:
            for (name,) in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
                driver.execute_query(f"DROP CONSTRAINT `{name}`")
            for (name,) in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").records:
                driver.execute_query(f"DROP INDEX `{name}`")
