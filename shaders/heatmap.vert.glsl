// Full-screen triangle pair; the #version line is added at load time (300 es / 330 core).
layout(location = 0) in vec2 aPos;
out vec2 vUv;   // grid coordinates: (0, 0) = (XMin, YMin)
void main()
{
    // Framebuffer row 0 gets the grid's top row (YMax): ImGui::Image shows texture row 0 at
    // the top, so the picture appears y-up with the default uvs.
    vUv = vec2(aPos.x * 0.5 + 0.5, 0.5 - aPos.y * 0.5);
    gl_Position = vec4(aPos, 0.0, 1.0);
}
