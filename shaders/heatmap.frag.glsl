// Scalar field -> colour. Mirrors src/core/heatmap.cpp: bilinear sampling between cell
// centres, ColorMapping::Normalize (linear or log), colormap LUT, contours at t = k/(n+1).
precision highp float;
uniform highp sampler2D uGrid;      // R32F, W x H, row 0 = bottom; NEAREST (R32F is not filterable in WebGL2)
uniform sampler2D uLut;             // 256 x 1 RGBA8 colormap
uniform vec2 uGridSize;
uniform float uMin;
uniform float uMax;
uniform int uLogScale;
uniform float uLogFloor;
uniform int uContours;
uniform float uContourOpacity;
in vec2 vUv;
out vec4 oColor;

float Fetch(ivec2 p)
{
    ivec2 s = ivec2(uGridSize);
    return texelFetch(uGrid, clamp(p, ivec2(0), s - 1), 0).r;
}

float SampleBilinear(vec2 uv)
{
    vec2 c = clamp(uv * uGridSize - 0.5, vec2(0.0), uGridSize - 1.0);
    ivec2 i0 = ivec2(floor(c));
    vec2 f = c - vec2(i0);
    float a = mix(Fetch(i0), Fetch(i0 + ivec2(1, 0)), f.x);
    float b = mix(Fetch(i0 + ivec2(0, 1)), Fetch(i0 + ivec2(1, 1)), f.x);
    return mix(a, b, f.y);
}

float Normalize(float v)
{
    float width = uMax - uMin;
    if (!(width > 0.0)) return 0.5;
    float d = clamp(v - uMin, 0.0, width);
    if (uLogScale == 0) return d / width;
    float s = max(uLogFloor, 1e-12) * width;
    return log(1.0 + d / s) / log(1.0 + width / s);
}

void main()
{
    float v = SampleBilinear(vUv);
    if (isnan(v) || isinf(v)) { oColor = vec4(0.5, 0.5, 0.5, 1.0); return; }
    float t = Normalize(v);
    vec3 col = texture(uLut, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
    if (uContours > 0) {
        // Distance to the nearest level in units of level spacing, anti-aliased by fwidth.
        float k = t * float(uContours + 1);
        float d = abs(fract(k + 0.5) - 0.5);
        float w = max(fwidth(k), 1e-4);
        float line = 1.0 - smoothstep(0.25 * w, 1.0 * w, d);   // about 1.5 px wide
        if (k < 0.5 || k > float(uContours) + 0.5) line = 0.0;
        col = mix(col, vec3(0.05), line * uContourOpacity);
    }
    oColor = vec4(col, 1.0);
}
