# cmake -DINPUT=file -DOUTPUT=file.inc -P embed_text.cmake: the file's text as a C++ raw string
# literal, to be #included where a string_view is initialised.
file(READ "${INPUT}" text)
file(WRITE "${OUTPUT}.tmp" "R\"sufler_embedded(${text})sufler_embedded\"\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
