"""UNO worker for :mod:`support.office`, run by a python that can ``import uno``.

The project's python usually cannot load the ``uno`` bridge (it is built for the distro's
python), so :mod:`support.office` runs this file as a script under e.g. Debian's
``/usr/bin/python3`` with ``python3-uno``.  It imports only the standard library and
``uno``/``unohelper``, never resdraft.

The same file is also loaded *inside* soffice, as a Python UNO component (an ``XJob``)
through ``com.sun.star.loader.Python``, which ``python3-uno`` ships: every UNO call over
the bridge costs ~0.7 ms, and reading a document takes hundreds of them (several per
paragraph, ~10 per tracked change), so the document work runs in-process and the bridge
carries one call per file.  If the loader is unavailable the worker does the same work
over the bridge (slower, same results).

Protocol with the parent, one JSON object per line.  The worker connects to an soffice
the parent already started (the parent owns it, to kill it on a timeout), prints
``{"ready": true, "version": ..., "in_process": ...}`` and answers each request with one line:

* ``{"op": "texts", "path": P}`` -> ``{"ok": true, "result": {...}}`` (see ``Extractor.texts``);
  optional ``"save": {"original"|"accepted"|"rejected": OUT.docx}`` also stores the document
  as .docx at that stage (as loaded, after accept-all, after reject-all), for XML-level checks;
  ``"reject": false`` skips the second load (no rejected text)
* ``{"op": "convert", "path": P, "fmt": F, "outdir": D}`` -> ``{"ok": true, "result": OUT}``
* ``{"op": "ping", "delay": S}`` -> waits S seconds, then asks soffice for its documents
  (the delay exists so tests can exercise the parent's timeout and crash handling)
* ``{"op": "quit"}`` -> asks soffice to terminate, answers, exits.

Failures answer ``{"ok": false, "error": MSG, "fatal": BOOL}``; ``fatal`` means the bridge to
soffice is gone (soffice crashed) and the parent must restart both processes.

Why document work runs on soffice's main thread: in the Debian ``-nogui`` build the
comment sidebar's ``.ui`` file is missing, and Writer aborts (SIGABRT) when its main loop
gets to the "lay out comments" event it posted while loading a document with comments.
Doing load, extraction and close inside one ``com.sun.star.awt.AsyncCallback`` keeps the
main loop busy until the document is closed again (the event is dropped with the view),
which is what ``soffice --convert-to`` does too.  URP executes the nested calls made from
``notify`` on the thread that called it, i.e. the main thread.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    # Run as a script from tests/support/: that directory must not shadow stdlib modules.
    if sys.path and sys.path[0]:
        del sys.path[0]

import contextlib
import functools
import json
import os
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import uno
import unohelper
from com.sun.star.awt import XCallback
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException
from com.sun.star.task import XInteractionHandler, XJob
from com.sun.star.uno import RuntimeException as UnoRuntimeException

JOB_NAME = "org.resdraft.office.Job"

EXPORT_FILTERS = {
    "pdf": "writer_pdf_Export",
    "odt": "writer8",
    "docx": "MS Word 2007 XML",
    "doc": "MS Word 97",
    "rtf": "Rich Text Format",
    "txt": "Text (encoded):UTF8",
    "html": "HTML (StarWriter)",
}

# Import filters we expect per extension.  LibreOffice's type detection falls back to
# whatever accepts the bytes: a truncated .docx loads "fine" as WordPerfect or plain text.
EXPECTED_FILTERS = {
    ".docx": ("MS Word 2007 XML", "Office Open XML Text"),
    ".docm": ("MS Word 2007 XML", "Office Open XML Text"),
    ".dotx": ("MS Word 2007 XML", "Office Open XML Text"),
    ".dotm": ("MS Word 2007 XML", "Office Open XML Text"),
    ".doc": ("MS Word 97", "MS Word 95", "MS WinWord"),
    ".odt": ("writer8",),
    ".ott": ("writer8",),
    ".fodt": ("OpenDocument Text Flat XML",),
    ".rtf": ("Rich Text Format",),
}

STORIES = {
    "SwXBodyText": "body",
    "SwXCell": "table",
    "SwXHeadFootText": "header/footer",
    "SwXTextFrame": "frame",
}


def props(**kwargs: Any) -> tuple:
    """The PropertyValue tuple UNO wants for media descriptors."""
    out = []
    for name, value in kwargs.items():
        p = PropertyValue()
        p.Name = name
        p.Value = value
        out.append(p)
    return tuple(out)


def _has(obj: Any, type_name: str) -> bool:
    """isinstance() is unreliable for remote objects; ask queryInterface."""
    try:
        return obj.queryInterface(uno.getTypeByName(type_name)) is not None
    except Exception:
        return False


class Handler(unohelper.Base, XInteractionHandler):
    """Answer load-time questions without a GUI and remember them as warnings.

    Approving lets LibreOffice repair a broken package, so the caller still gets the text
    but can see from the warnings that the file was not clean.
    """

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def handle(self, request: Any) -> None:
        req = request.getRequest()
        desc = str(getattr(req, "typeName", "") or type(req).__name__)
        msg = str(getattr(req, "Message", "") or "").strip()
        if msg:
            desc += ": " + msg
        code = getattr(req, "ErrCode", None)
        if isinstance(code, int):
            desc += f" (ErrCode 0x{code & 0xFFFFFFFF:08x})"
        self.warnings.append(desc)
        conts = request.getContinuations()
        for want in ("com.sun.star.task.XInteractionApprove", "com.sun.star.task.XInteractionAbort"):
            for c in conts:
                if _has(c, want):
                    c.select()
                    return
        if conts:
            conts[0].select()


class Extractor:
    """Everything done with a document; runs inside soffice (via Job) or over the bridge."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        smgr = ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)

    def run(self, req: dict[str, Any]) -> Any:
        op = req.get("op")
        if op == "texts":
            return self.texts(req["path"], req.get("save") or {}, bool(req.get("reject", True)))
        if op == "convert":
            return self.convert(req["path"], req["fmt"], req["outdir"])
        raise ValueError(f"unknown op {op!r}")

    # -- documents -------------------------------------------------------------------------
    def load(self, path: str, warnings: list[str]) -> Any:
        """Load hidden with macros off; interaction requests are appended to warnings."""
        handler = Handler()
        url = uno.systemPathToFileUrl(os.path.abspath(path))
        try:
            doc = self.desktop.loadComponentFromURL(
                url,
                "_blank",
                0,
                props(Hidden=True, MacroExecutionMode=0, UpdateDocMode=0, InteractionHandler=handler),
            )
        except (DisposedException, UnoRuntimeException):
            raise
        except Exception as exc:  # IOException, IllegalArgumentException: a bad file, not a crash
            warnings.extend(handler.warnings)
            warnings.append(f"load failed: {type(exc).__name__}: {getattr(exc, 'Message', exc)}")
            return None
        warnings.extend(handler.warnings)
        if doc is None:
            warnings.append("load failed: loadComponentFromURL returned nothing")
        return doc

    @staticmethod
    def close(doc: Any) -> None:
        """Close without saving; a later load of the same URL would otherwise reuse this one."""
        with contextlib.suppress(Exception):
            doc.setModified(False)
        try:
            doc.close(True)
        except Exception:
            with contextlib.suppress(Exception):
                doc.dispose()

    @staticmethod
    def filter_name(doc: Any) -> str:
        for arg in doc.getArgs():
            if arg.Name == "FilterName":
                return str(arg.Value)
        return ""

    def dispatch(self, doc: Any, command: str) -> None:
        frame = doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, command, "", 0, ())

    # -- extraction ------------------------------------------------------------------------
    @staticmethod
    def paragraphs(text: Any) -> list[tuple[str, str]]:
        """(getString(), ListLabelString) per paragraph; tables cell by cell, recursively."""
        out: list[tuple[str, str]] = []
        en = text.createEnumeration()
        while en.hasMoreElements():
            el = en.nextElement()
            if el.supportsService("com.sun.star.text.Paragraph"):  # the common case first
                try:
                    label = el.getPropertyValue("ListLabelString") or ""
                except Exception:
                    label = ""
                out.append((el.getString(), str(label)))
            elif el.supportsService("com.sun.star.text.TextTable"):
                for name in el.getCellNames():
                    out.extend(Extractor.paragraphs(el.getCellByName(name)))
        return out

    @staticmethod
    def notes(doc: Any) -> list[str]:
        notes = doc.getFootnotes()
        out = []
        for i in range(notes.getCount()):
            out.append("\n".join(t for t, _ in Extractor.paragraphs(notes.getByIndex(i))))
        return out

    @staticmethod
    def story(text: Any) -> str:
        """Which part of the document an XText is; one remote call in the common cases."""
        try:
            impl = text.getImplementationName()
            if impl == "SwXFootnote":  # endnotes are SwXFootnote too
                return "endnote" if text.supportsService("com.sun.star.text.Endnote") else "footnote"
        except Exception:
            return "other"
        return STORIES.get(impl, "other")

    @staticmethod
    def redlines(doc: Any) -> list[list[str]]:
        """[type, author, ISO date, text, story] per tracked change (document-wide)."""
        out = []
        red = doc.getRedlines()
        for i in range(red.getCount()):
            r = red.getByIndex(i)
            # getString() on a redline returns its whole XText; cut the span out instead.
            text, where = "", "other"
            try:
                start, end = r.getPropertyValue("RedlineStart"), r.getPropertyValue("RedlineEnd")
                owner = start.getText()
                cursor = owner.createTextCursorByRange(start)
                cursor.gotoRange(end, True)
                text, where = cursor.getString(), Extractor.story(owner)
            except Exception:
                pass
            date = ""
            try:
                d = r.getPropertyValue("RedlineDateTime")
                date = f"{d.Year:04d}-{d.Month:02d}-{d.Day:02d}T{d.Hours:02d}:{d.Minutes:02d}:{d.Seconds:02d}"
            except Exception:
                pass
            out.append(
                [
                    str(r.getPropertyValue("RedlineType")),
                    str(r.getPropertyValue("RedlineAuthor")),
                    date,
                    text,
                    where,
                ]
            )
        return out

    @staticmethod
    def comments(doc: Any) -> list[list[str]]:
        """[author, content, anchored text] per annotation, in main-text order where known."""
        found = []
        en = doc.getTextFields().createEnumeration()
        while en.hasMoreElements():
            f = en.nextElement()
            if f.supportsService("com.sun.star.text.textfield.Annotation"):
                anchor = f.getAnchor()
                found.append((anchor, [str(f.Author), str(f.Content), anchor.getString()]))
        main = doc.getText()

        def cmp(a: tuple[Any, list[str]], b: tuple[Any, list[str]]) -> int:
            try:  # compareRegionStarts: 1 if a starts before b, -1 after, 0 same
                return -int(main.compareRegionStarts(a[0], b[0]))
            except Exception:  # not both in the main text: keep enumeration order
                return 0

        # Fields usually enumerate in document order already; timsort then needs n-1 compares.
        found.sort(key=functools.cmp_to_key(cmp))
        return [c for _, c in found]

    @staticmethod
    def save_docx(doc: Any, out: str | None) -> None:
        """Store the document as Word 2007+ .docx at out (if given), as LibreOffice writes it."""
        if out:
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(out)), props(FilterName="MS Word 2007 XML", Overwrite=True)
            )

    def texts(self, path: str, save: dict[str, str] | None = None, reject: bool = True) -> dict[str, Any]:
        """Load, read, accept all; load again, reject all.  Runs on the main thread."""
        save = save or {}
        warnings: list[str] = []
        res: dict[str, Any] = {"load_ok": False, "warnings": warnings}
        doc = self.load(path, warnings)
        if doc is None:
            return res
        try:
            if not doc.supportsService("com.sun.star.text.TextDocument"):
                warnings.append("not a text document: " + ", ".join(doc.getSupportedServiceNames()))
                return res
            res["filter"] = self.filter_name(doc)
            expected = EXPECTED_FILTERS.get(os.path.splitext(path)[1].lower())
            if expected and not res["filter"].startswith(expected):
                warnings.append(
                    f"loaded with the {res['filter']!r} filter, not as {expected[0]!r}: damaged file?"
                )
                return res
            paras = self.paragraphs(doc.getText())
            res["original"] = "\n".join(p for p, _ in paras)
            res["list_labels"] = [lab for _, lab in paras]
            res["redline_info"] = self.redlines(doc)
            res["redlines"] = len(res["redline_info"])
            res["comments"] = self.comments(doc)
            res["footnotes_original"] = self.notes(doc)
            self.save_docx(doc, save.get("original"))
            self.dispatch(doc, ".uno:AcceptAllTrackedChanges")
            paras = self.paragraphs(doc.getText())
            res["accepted"] = "\n".join(p for p, _ in paras)
            res["list_labels_accepted"] = [lab for _, lab in paras]
            res["footnotes_accepted"] = self.notes(doc)
            res["redlines_after_accept"] = doc.getRedlines().getCount()
            self.save_docx(doc, save.get("accepted"))
        finally:
            self.close(doc)
        if not reject:  # the caller needs the file as loaded (and accepted) only: skip the second load
            res["load_ok"] = True
            return res
        doc = self.load(path, warnings)
        if doc is None:
            return res
        try:
            self.dispatch(doc, ".uno:RejectAllTrackedChanges")
            paras = self.paragraphs(doc.getText())
            res["rejected"] = "\n".join(p for p, _ in paras)
            res["list_labels_rejected"] = [lab for _, lab in paras]
            res["footnotes_rejected"] = self.notes(doc)
            res["redlines_after_reject"] = doc.getRedlines().getCount()
            self.save_docx(doc, save.get("rejected"))
        finally:
            self.close(doc)
        res["load_ok"] = True
        return res

    def convert(self, path: str, fmt: str, outdir: str) -> str:
        """Export like ``soffice --convert-to``: fmt is 'ext' or 'ext:FilterName'."""
        ext, _, filt = fmt.partition(":")
        filt = filt or EXPORT_FILTERS.get(ext, "")
        if not filt:
            raise ValueError(f"no known export filter for {ext!r}; pass 'ext:FilterName'")
        filt, _, options = filt.partition(":")
        warnings: list[str] = []
        doc = self.load(path, warnings)
        if doc is None:
            raise OSError(f"cannot load {path}: {'; '.join(warnings)}")
        try:
            base = os.path.splitext(os.path.basename(path))[0]
            out = os.path.join(os.path.abspath(outdir), f"{base}.{ext}")
            extra = {"FilterOptions": options} if options else {}
            doc.storeToURL(uno.systemPathToFileUrl(out), props(FilterName=filt, Overwrite=True, **extra))
        finally:
            self.close(doc)
        return out


class Job(unohelper.Base, XJob):
    """The in-process face of Extractor: one JSON request in, one JSON answer out."""

    def __init__(self, ctx: Any) -> None:
        self.extractor = Extractor(ctx)

    def execute(self, args: Any) -> str:
        try:
            req = json.loads(next(a.Value for a in args if a.Name == "request"))
            return json.dumps({"ok": True, "result": self.extractor.run(req)}, ensure_ascii=False)
        except Exception as exc:
            return json.dumps(
                {
                    "ok": False,
                    "fatal": False,
                    "error": f"{type(exc).__name__}: {exc}",
                    "trace": traceback.format_exc(limit=6),
                }
            )


# Picked up by pythonloader when soffice loads this file as a component.
g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(Job, JOB_NAME, (JOB_NAME,))


class MainThreadCall(unohelper.Base, XCallback):
    """Run a function from soffice's main thread (see the module docstring for why)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def notify(self, data: Any) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # handed to the waiting thread
            self.error = exc
        finally:
            self.done.set()


class Bridge:
    """The worker side: connection to soffice, main-thread calls, in-process job if possible."""

    def __init__(self, connect: str, timeout: float, in_process: bool) -> None:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:{connect};StarOffice.ComponentContext")
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.job: Any = None
        self.local: Extractor | None = None
        self.in_process_error = ""
        if in_process:
            try:
                loader = self.smgr.createInstanceWithContext("com.sun.star.loader.Python", self.ctx)
                url = uno.systemPathToFileUrl(os.path.abspath(__file__))
                factory = loader.activate(JOB_NAME, "", url, None)
                self.job = factory.createInstanceWithContext(self.ctx)
            except Exception as exc:
                self.in_process_error = f"{type(exc).__name__}: {exc}"
        if self.job is None:
            self.local = Extractor(self.ctx)

    def version(self) -> str:
        try:
            cp = self.smgr.createInstanceWithContext(
                "com.sun.star.configuration.ConfigurationProvider", self.ctx
            )
            node = cp.createInstanceWithArguments(
                "com.sun.star.configuration.ConfigurationAccess",
                props(nodepath="/org.openoffice.Setup/Product"),
            )
            return f"{node.getByName('ooName')} {node.getByName('ooSetupVersionAboutBox')}"
        except Exception:
            return ""

    def on_main(self, fn: Callable[[], Any]) -> Any:
        """Run fn on soffice's main thread and wait; the parent enforces the time limit."""
        call = MainThreadCall(fn)
        cb = self.smgr.createInstanceWithContext("com.sun.star.awt.AsyncCallback", self.ctx)
        cb.addCallback(call, None)
        while not call.done.wait(1.0):
            pass
        if call.error is not None:
            raise call.error
        return call.result

    def run(self, req: dict[str, Any]) -> dict[str, Any]:
        """Answer a document request: one call into the in-process job, or do it from here."""
        if self.job is not None:
            arg = uno.createUnoStruct("com.sun.star.beans.NamedValue", "request", json.dumps(req))
            job = self.job
            return dict(json.loads(self.on_main(lambda: job.execute((arg,)))))
        assert self.local is not None
        return {"ok": True, "result": self.on_main(functools.partial(self.local.run, req))}

    def quit(self) -> None:
        with contextlib.suppress(Exception):
            self.desktop.terminate()


def is_fatal(exc: BaseException) -> bool:
    """True when the bridge to soffice is gone, i.e. soffice died or hung up."""
    if isinstance(exc, DisposedException):
        return True
    if isinstance(exc, UnoRuntimeException):
        msg = str(exc).lower()
        return "bridge" in msg or "disposed" in msg or "connection" in msg
    return False


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description="resdraft LibreOffice worker (JSON lines on stdin/stdout)")
    ap.add_argument("--connect", required=True, help="UNO connection, e.g. 'pipe,name=x;urp'")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for soffice to accept")
    ap.add_argument("--no-in-process", action="store_true", help="do all UNO calls over the bridge")
    args = ap.parse_args()

    # Keep the protocol channel clean: anything libraries print goes to stderr.
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(obj: dict[str, Any]) -> None:
        proto.write(json.dumps(obj, ensure_ascii=False) + "\n")
        proto.flush()

    try:
        bridge = Bridge(args.connect, args.timeout, not args.no_in_process)
        send(
            {
                "ready": True,
                "version": bridge.version(),
                "pid": os.getpid(),
                "in_process": bridge.job is not None,
                "in_process_error": bridge.in_process_error,
            }
        )
    except Exception as exc:
        send({"ready": False, "error": f"cannot connect to soffice: {type(exc).__name__}: {exc}"})
        return 1

    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            op = req.get("op")
            if op in ("texts", "convert"):
                send(bridge.run(req))
            elif op == "ping":
                time.sleep(float(req.get("delay", 0)))
                bridge.desktop.getComponents().createEnumeration().hasMoreElements()
                send({"ok": True, "result": "pong"})
            elif op == "quit":
                bridge.quit()
                send({"ok": True, "result": "bye"})
                return 0
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as exc:
            send(
                {
                    "ok": False,
                    "fatal": is_fatal(exc),
                    "error": f"{type(exc).__name__}: {exc}",
                    "trace": traceback.format_exc(limit=6),
                }
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
