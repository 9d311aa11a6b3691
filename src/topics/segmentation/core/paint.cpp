// Painting the prediction layer and the run-length text of the painted cells.
#include "topics/segmentation/core/paint.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/image.h"
#include "core/png.h"

namespace mlviz {

namespace {

std::int32_t Pack(PaintValue v)
{
    return static_cast<std::int32_t>(v.Class) | (static_cast<std::int32_t>(v.Instance) << 8);
}
PaintValue Unpack(std::int32_t c)
{
    return {static_cast<std::uint8_t>(c & 0xFF), static_cast<std::uint16_t>(c >> 8)};
}

int Stamp(EditLayer& e, double cx, double cy, double radius, std::int32_t packed)
{
    if (!std::isfinite(cx) || !std::isfinite(cy) || !std::isfinite(radius)) return 0;
    radius = std::clamp(radius, 0.0, kPaintMaxRadius);
    const int y0 = std::max(0, static_cast<int>(std::floor(cy - radius - 1.0)));
    const int y1 = std::min(e.Height - 1, static_cast<int>(std::ceil(cy + radius)));
    const int x0 = std::max(0, static_cast<int>(std::floor(cx - radius - 1.0)));
    const int x1 = std::min(e.Width - 1, static_cast<int>(std::ceil(cx + radius)));
    int changed = 0;
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            if (dx * dx + dy * dy > radius * radius) continue;
            std::int32_t& cell = e.Cells[static_cast<std::size_t>(y) * e.Width + x];
            changed += cell != packed;
            cell = packed;
        }
    return changed;
}

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int AlphabetIndex(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

// Varints of 5 bits per base64 character: bit 5 = "more follows". Small run lengths and values
// (the common case) take one character.
void PutVarint(std::string& out, std::uint64_t v)
{
    do {
        const int low = static_cast<int>(v & 31);
        v >>= 5;
        out.push_back(kAlphabet[low | (v != 0 ? 32 : 0)]);
    } while (v != 0);
}

} // namespace

EditLayer EditLayer::Empty(int width, int height)
{
    EditLayer e;
    e.Width = width;
    e.Height = height;
    e.Cells.assign(static_cast<std::size_t>(std::max(0, width)) * std::max(0, height), -1);
    return e;
}

int EditLayer::EditedCount() const
{
    return static_cast<int>(std::count_if(Cells.begin(), Cells.end(), [](std::int32_t c) { return c >= 0; }));
}

Message ValidatePaintValue(const PaintValue& v)
{
    if (v.Class != kSegVoid && v.Class >= kSegNumClasses)
        return Msg("класс %d вне [0, %d] и не пустота (255)", static_cast<int>(v.Class), kSegNumClasses - 1);
    if (!SegIsThing(v.Class) && v.Instance != 0)
        return Msg("у класса %d нет экземпляров, а указан экземпляр %d", static_cast<int>(v.Class), static_cast<int>(v.Instance));
    if (v.Instance > kSegMaxInstanceId) return Msg("поле '%s' должно быть в [%d, %d]", "instance", 0, kSegMaxInstanceId);
    return {};
}

int PaintBrush(EditLayer& e, double cx, double cy, double radius, PaintValue v)
{
    if (!ValidatePaintValue(v).Empty()) return 0;
    return Stamp(e, cx, cy, radius, Pack(v));
}

int PaintErase(EditLayer& e, double cx, double cy, double radius)
{
    return Stamp(e, cx, cy, radius, Pack({kSegVoid, 0}));
}

int PaintRevert(EditLayer& e, double cx, double cy, double radius)
{
    return Stamp(e, cx, cy, radius, -1);
}

int PaintFill(EditLayer& e, const LabelMap& composed, int x, int y, PaintValue v)
{
    if (!ValidatePaintValue(v).Empty() || composed.Width != e.Width || composed.Height != e.Height || !composed.Inside(x, y))
        return 0;
    const std::size_t start = composed.Index(x, y);
    const std::uint8_t cls = composed.Class[start];
    const std::uint16_t inst = composed.Instance[start];
    std::vector<std::uint8_t> seen(composed.Size(), 0);
    std::vector<std::size_t> stack{start};
    seen[start] = 1;
    int changed = 0;
    const std::int32_t packed = Pack(v);
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        changed += e.Cells[i] != packed;
        e.Cells[i] = packed;
        const int cx = static_cast<int>(i % composed.Width), cy = static_cast<int>(i / composed.Width);
        const int nx[4] = {cx - 1, cx + 1, cx, cx}, ny[4] = {cy, cy, cy - 1, cy + 1};
        for (int k = 0; k < 4; ++k) {
            if (!composed.Inside(nx[k], ny[k])) continue;
            const std::size_t j = composed.Index(nx[k], ny[k]);
            if (seen[j] || composed.Class[j] != cls || composed.Instance[j] != inst) continue;
            seen[j] = 1;
            stack.push_back(j);
        }
    }
    return changed;
}

LabelMap ApplyEdits(const LabelMap& base, const EditLayer& e)
{
    LabelMap out = base;
    if (e.Width != base.Width || e.Height != base.Height || e.Cells.size() != base.Size()) return out;
    for (std::size_t i = 0; i < e.Cells.size(); ++i) {
        if (e.Cells[i] < 0) continue;
        const PaintValue v = Unpack(e.Cells[i]);
        out.Class[i] = v.Class;
        out.Instance[i] = v.Instance;
    }
    return out;
}

PaintValue PickAt(const LabelMap& map, int x, int y)
{
    if (!map.Inside(x, y)) return {kSegVoid, 0};
    return {map.Class[map.Index(x, y)], map.Instance[map.Index(x, y)]};
}

Result<std::string> EncodeEdits(const EditLayer& e, std::size_t max_chars)
{
    std::string out;
    for (std::size_t i = 0; i < e.Cells.size();) {
        std::size_t j = i;
        while (j < e.Cells.size() && e.Cells[j] == e.Cells[i]) ++j;
        PutVarint(out, j - i);
        PutVarint(out, e.Cells[i] < 0 ? 0 : static_cast<std::uint64_t>(e.Cells[i]) + 1);
        if (out.size() > max_chars)
            return Result<std::string>::Fail(Msg(
                "правки маски не помещаются в ссылку (больше %d символов): сохраните маски в PNG", static_cast<int>(max_chars)));
        i = j;
    }
    return out;
}

Result<EditLayer> DecodeEdits(std::string_view text, int width, int height)
{
    using R = Result<EditLayer>;
    if (width < kSceneMinSide || width > kSceneMaxSide || height < kSceneMinSide || height > kSceneMaxSide)
        return R::Fail(Msg("размер маски %dx%d вне допустимого", width, height));
    EditLayer e = EditLayer::Empty(width, height);
    std::size_t pos = 0, filled = 0;
    auto read = [&](std::uint64_t& v) -> bool {
        v = 0;
        for (int shift = 0; pos < text.size(); shift += 5) {
            const int d = AlphabetIndex(text[pos++]);
            if (d < 0 || shift > 40) return false;
            v |= static_cast<std::uint64_t>(d & 31) << shift;
            if ((d & 32) == 0) return true;
        }
        return false;
    };
    while (pos < text.size()) {
        std::uint64_t run = 0, value = 0;
        if (!read(run) || !read(value))
            return R::Fail(Msg("правки маски: испорченный текст на символе %d", static_cast<int>(pos)));
        if (run == 0 || run > e.Cells.size() - filled)
            return R::Fail(Msg("правки маски: длины серий не дают %d клеток", static_cast<int>(e.Cells.size())));
        std::int32_t packed = -1;
        if (value != 0) {
            if (value - 1 > 0xFFFFFFull)
                return R::Fail(Msg("правки маски: недопустимое значение %d", static_cast<int>(value & 0x7FFFFFFF)));
            packed = static_cast<std::int32_t>(value - 1);
            if (Message why = ValidatePaintValue(Unpack(packed)); !why.Empty()) return R::Fail(why);
        }
        std::fill_n(e.Cells.begin() + static_cast<std::ptrdiff_t>(filled), run, packed);
        filled += run;
    }
    if (filled != e.Cells.size())
        return R::Fail(Msg("правки маски: длины серий не дают %d клеток", static_cast<int>(e.Cells.size())));
    return e;
}

std::vector<std::uint8_t> LabelMapToRgba(const LabelMap& map)
{
    std::vector<std::uint8_t> rgba(map.Size() * 4);
    for (std::size_t i = 0; i < map.Size(); ++i) {
        rgba[4 * i] = map.Class[i];
        rgba[4 * i + 1] = static_cast<std::uint8_t>(map.Instance[i] >> 8);
        rgba[4 * i + 2] = static_cast<std::uint8_t>(map.Instance[i] & 0xFF);
        rgba[4 * i + 3] = 255;
    }
    return rgba;
}

Result<LabelMap> LabelMapFromRgba(const std::vector<std::uint8_t>& rgba, int width, int height)
{
    if (width < kSceneMinSide || width > kSceneMaxSide || height < kSceneMinSide || height > kSceneMaxSide ||
        rgba.size() != static_cast<std::size_t>(width) * height * 4)
        return Result<LabelMap>::Fail(Msg("размер маски %dx%d вне допустимого", width, height));
    LabelMap m = LabelMap::Filled(width, height, kSegVoid);
    for (std::size_t i = 0; i < m.Size(); ++i) {
        const PaintValue v{rgba[4 * i], static_cast<std::uint16_t>(rgba[4 * i + 1] << 8 | rgba[4 * i + 2])};
        if (Message why = ValidatePaintValue(v); !why.Empty())
            return Result<LabelMap>::Fail(WithContext(why, "x=" + std::to_string(i % width) + " y=" + std::to_string(i / width)));
        m.Class[i] = v.Class;
        m.Instance[i] = v.Instance;
    }
    return m;
}

std::string SegMasksPng(const LabelMap& map)
{
    Image img;
    img.Width = map.Width;
    img.Height = map.Height;
    img.Pixels = LabelMapToRgba(map);
    return EncodePng(img);
}

} // namespace mlviz
