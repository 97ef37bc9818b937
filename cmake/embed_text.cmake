# Writes the text file IN into OUT as a C++ declaration
#   constexpr std::string_view NAME = R"asset(...)asset";
# so that a program serves it without reading any file at run time (the
# search page's style sheet, script and icon: query/serve/assets/). Fails
# the build if the text holds the raw string's end marker.
file(READ "${IN}" content)
string(FIND "${content}" ")asset\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} holds )asset\", which would end the raw string literal")
endif()
set(text "// Generated from ${IN} by cmake/embed_text.cmake; edit that file instead.\n")
string(APPEND text "constexpr std::string_view ${NAME} = R\"asset(${content})asset\";\n")
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
