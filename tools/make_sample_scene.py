#!/usr/bin/python3
"""Draws assets/images/street_scene.png, mlviz's own sample picture for the detection and
receptive-field topics, and writes the ground-truth boxes of its objects to
assets/images/street_scene_boxes.tsv (class, x1, y1, x2, y2 in pixels, y down).
Deterministic: rerunning gives the same files. Needs python3-pil (Debian)."""
import random
from PIL import Image, ImageDraw

W, H = 640, 480
rng = random.Random(2026)
img = Image.new("RGB", (W, H))
d = ImageDraw.Draw(img)
for y in range(0, 300):                      # sky: vertical gradient
    t = y / 300
    d.line([(0, y), (W, y)], fill=(int(120 + 80 * t), int(170 + 60 * t), int(230 - 10 * t)))
d.rectangle([0, 300, W, H], fill=(92, 96, 104))          # road
d.rectangle([0, 288, W, 300], fill=(170, 170, 165))      # pavement
for x in range(20, W, 90):
    d.rectangle([x, 392, x + 45, 398], fill=(235, 235, 220))   # lane marks
boxes = []

def building(x1, x2, top, colour):
    d.rectangle([x1, top, x2, 288], fill=colour)
    for wy in range(top + 12, 270, 26):
        for wx in range(x1 + 10, x2 - 14, 22):
            d.rectangle([wx, wy, wx + 10, wy + 14], fill=(250, 230, 150) if rng.random() < 0.3 else (60, 70, 90))

building(0, 150, 90, (150, 110, 90))
building(160, 300, 150, (120, 125, 140))
building(470, 640, 60, (170, 150, 120))

def tree(cx, base, h):
    d.rectangle([cx - 5, base - h // 3, cx + 5, base], fill=(100, 70, 40))
    d.ellipse([cx - h // 3, base - h, cx + h // 3, base - h // 3 + 10], fill=(50, 120, 60))
    boxes.append(("tree", cx - h // 3, base - h, cx + h // 3, base))

tree(345, 292, 150)
tree(420, 292, 90)

def car(x, y, w, colour):
    h = int(w * 0.42)
    d.rounded_rectangle([x, y + h * 0.35, x + w, y + h], radius=6, fill=colour)
    d.rounded_rectangle([x + w * 0.2, y, x + w * 0.75, y + h * 0.45], radius=6, fill=colour)
    d.rectangle([x + w * 0.27, y + h * 0.08, x + w * 0.68, y + h * 0.38], fill=(180, 210, 230))
    r = max(3, int(w * 0.09))
    for cx in (x + w * 0.22, x + w * 0.78):
        d.ellipse([cx - r, y + h - r, cx + r, y + h + r], fill=(25, 25, 25))
    boxes.append(("car", int(x), int(y), int(x + w), int(y + h + r)))

car(40, 330, 190, (200, 40, 40))
car(300, 318, 120, (40, 90, 200))
car(470, 305, 60, (230, 200, 40))
car(560, 300, 34, (240, 240, 240))

def person(x, y, h, colour):
    head = h // 7
    d.ellipse([x - head // 2, y, x + head // 2, y + head], fill=(230, 190, 160))
    d.rectangle([x - h // 8, y + head, x + h // 8, y + int(h * 0.58)], fill=colour)
    d.rectangle([x - h // 10, y + int(h * 0.58), x - 1, y + h], fill=(40, 40, 70))
    d.rectangle([x + 1, y + int(h * 0.58), x + h // 10, y + h], fill=(40, 40, 70))
    boxes.append(("person", x - h // 8, y, x + h // 8, y + h))

person(270, 200, 100, (60, 160, 90))
person(290, 206, 96, (180, 60, 150))       # overlaps the first: the crowd case
person(445, 250, 46, (220, 120, 30))
person(610, 262, 30, (30, 140, 200))
d.rectangle([205, 215, 209, 290], fill=(80, 80, 80))     # a traffic sign
d.ellipse([192, 190, 222, 220], fill=(210, 30, 30))
d.ellipse([198, 196, 216, 214], fill=(245, 245, 245))
boxes.append(("sign", 192, 190, 222, 290))

img.save("assets/images/street_scene.png", optimize=True)
with open("assets/images/street_scene_boxes.tsv", "w") as f:
    f.write("# class\tx1\ty1\tx2\ty2 (pixels of street_scene.png, y down); made by tools/make_sample_scene.py\n")
    for c, x1, y1, x2, y2 in boxes:
        f.write(f"{c}\t{x1}\t{y1}\t{x2}\t{y2}\n")
