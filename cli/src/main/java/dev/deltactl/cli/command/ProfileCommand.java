package dev.deltactl.cli.command;

import dev.deltactl.cli.Profiles;
import dev.deltactl.cli.output.Rendered;
import dev.deltactl.cli.output.Tabular;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.api.Secrets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {
      "Connection profiles, in profiles.properties in the config folder ($DELTACTL_HOME, else"
          + " $XDG_CONFIG_HOME/deltactl, else ~/.config/deltactl): NAME.master = URL (or NAME.remote = sc://...) and NAME.conf.KEY = VALUE lines.",
      "Use one with --profile NAME or $DELTACTL_PROFILE; --master and --conf given on the command line win."
    },
    subcommands = {ProfileCommand.ListProfiles.class, ProfileCommand.Show.class})
final class ProfileCommand implements Runnable {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  private Profiles load() {
    Profiles profiles = Profiles.load(Profiles.defaultFile());
    String warning = profiles.permissionWarning();
    if (warning != null) {
      root.note(warning);
    }
    return profiles;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The profiles: name, master, settings.")
  static final class ListProfiles implements Callable<Integer> {
    @ParentCommand ProfileCommand parent;

    @Override
    public Integer call() {
      List<List<Object>> rows = new ArrayList<>();
      List<Map<String, Object>> json = new ArrayList<>();
      for (Profiles.Profile p : parent.load().all().values()) {
        String master = Endpoints.displayUrl(p.master() == null ? EngineConfig.DEFAULT_MASTER : p.master());
        rows.add(Arrays.asList(p.name(), master, p.conf().size()));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", p.name());
        entry.put("master", master);
        entry.put("settings", p.conf().size());
        json.add(entry);
      }
      parent.root.print(new Rendered(json, Tabular.grid(List.of("name", "master", "settings"), rows)));
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "A profile's master and settings, secrets masked.")
  static final class Show implements Callable<Integer> {
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile")
    String name;

    @Override
    public Integer call() {
      Profiles.Profile p = parent.load().get(name);
      String master = Endpoints.displayUrl(p.master() == null ? EngineConfig.DEFAULT_MASTER : p.master());
      Map<String, String> conf = new LinkedHashMap<>();
      p.conf().forEach((k, v) -> conf.put(k, Secrets.display(k, v)));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", p.name());
      json.put("master", master);
      json.put("conf", conf);
      List<String> names = new ArrayList<>(List.of("name", "master"));
      List<Object> values = new ArrayList<>(List.of(p.name(), master));
      conf.forEach((k, v) -> {
        names.add(k);
        values.add(v);
      });
      parent.root.print(new Rendered(json, Tabular.record(names, values)));
      return 0;
    }
  }
}
