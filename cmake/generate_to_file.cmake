# Runs `PROG --generate KIND` and writes what it prints to OUT (a man page
# or a shell completion; see common/cli/cli.h). Fails the build if the
# program fails.
execute_process(COMMAND "${PROG}" --generate "${KIND}" OUTPUT_FILE "${OUT}" RESULT_VARIABLE failed)
if(failed)
  file(REMOVE "${OUT}")
  message(FATAL_ERROR "${PROG} --generate ${KIND} failed: ${failed}")
endif()
