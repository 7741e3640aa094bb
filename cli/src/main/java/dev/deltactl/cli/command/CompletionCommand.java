package dev.deltactl.cli.command;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {
      "Print the shell completion script, generated from the command tree (so it always matches this version).",
      "bash: add 'source <(deltactl completion bash)' to ~/.bashrc. zsh: add 'source <(deltactl completion zsh)'"
          + " to ~/.zshrc (the script loads bashcompinit)."
    })
final class CompletionCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  @Override
  public Integer call() {
    // one script for both: under zsh it loads compinit and bashcompinit and registers the same function
    root.out().print(AutoComplete.bash("deltactl", spec.root().commandLine()));
    root.out().flush();
    return 0;
  }
}
