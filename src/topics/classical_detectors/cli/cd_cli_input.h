// Image and cascade inputs of the classical_detectors CLI: a grey image from "image" (a file
// path), "image_png_base64" (an encoded PNG/JPEG/BMP/GIF, base64) or "pixels" (rows of grey
// levels); colour images become grey as cv2.cvtColor(COLOR_BGR2GRAY). Bad input -> FailInput.
#pragma once
#include <string>

#include "cli/cli_json.h"
#include "topics/classical_detectors/core/cascade.h"
#include "topics/classical_detectors/core/grey.h"

namespace mlviz {

// max_side bounds both sides (so that the command answers within a second).
GreyImage ReadCliGreyImage(const Json& in, int max_side);

// "cascade_xml" (the XML text) or "cascade" (a path), else $MLVIZ_DATA_DIR/cascades/..., build/data/cascades/... (from the
// working directory) or Debian's /usr/share/opencv4/haarcascades/ frontal face cascade.
HaarCascade ReadCliCascade(const Json& in);

// Standard base64 (RFC 4648), whitespace ignored; false on any other character or bad padding.
bool DecodeBase64(const std::string& text, std::string& out);

} // namespace mlviz
