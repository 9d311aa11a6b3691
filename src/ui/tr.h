// The interface language: UI state, so it lives here and not in the cores. Views write every
// string in Russian inside Tr("..."); core messages (core/message.h) are rendered with Tr(msg).
#pragma once
#include <string>

#include "ui/tr.h"
#include "core/message.h"

namespace mlviz {

void SetLanguage(Language lang);
Language CurrentLanguage();

// `ru` in the current language (see core/i18n.h Translate); lives as long as the program.
const char* Tr(const char* ru);
// A core message in the current language.
std::string Tr(const Message& m);

} // namespace mlviz
