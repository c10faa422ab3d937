"""Moodle XML written for Bina's tests, shaped like what Moodle's own export writes."""

import base64
import struct
import zlib


def tiny_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid one-colour PNG, built by hand so the tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def file_element(name: str, data: bytes, path: str = "/") -> str:
    encoded = base64.b64encode(data).decode()
    return f'<file name="{name}" path="{path}" encoding="base64">{encoded}</file>'


def image_question_xml(title: str = "Peta <b>Jambi</b>", competency: str = "ORH") -> str:
    """A true/false question whose text shows an embedded PNG, as Moodle 4 exports it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Gambar/{competency}</text></category>
  </question>
  <question type="truefalse">
    <name><text>{title.replace("<", "&lt;").replace(">", "&gt;")}</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Kotak pada gambar ini berwarna merah.</p>
<p><img src="@@PLUGINFILE@@/kotak%20merah.png" alt="Kotak merah" width="40"></p>]]></text>
      {file_element("kotak merah.png", tiny_png())}
    </questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>1.0000000</penalty>
    <hidden>0</hidden>
    <answer fraction="100" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html"><text>Benar.</text></feedback>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html"><text></text></feedback>
    </answer>
  </question>
</quiz>
"""
