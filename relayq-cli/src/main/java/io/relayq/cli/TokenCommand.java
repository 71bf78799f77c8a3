package io.relayq.cli;

import io.relayq.core.api.IssuedToken;
import io.relayq.core.api.TokenList;
import io.relayq.core.api.TokenRequest;
import io.relayq.core.api.TokenView;
import io.relayq.core.auth.ApiTokens;
import io.relayq.core.auth.TokenRole;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code relayq token}: create, list and revoke API tokens (admin tokens only). {@code create} is
 * the only command that ever prints a token.
 */
@Command(
    name = "token",
    header = "Manage API tokens: create, list, revoke (needs an admin token).",
    description = {
      "Roles: admin (everything), submit (submit; read and cancel its own jobs),",
      "read (look only), worker (the worker protocol, for the workers it registers).",
      "A token is printed once, by create; the coordinator keeps only its hash.",
      "See docs/SECURITY.md.",
      "  relayq token create --role submit --name ci",
      ""
    },
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
    footer = ExitCodes.HELP_FOOTER)
final class TokenCommand implements Callable<Integer>, ContextHolder {
  @ParentCommand
  private RelayqCommand root;

  @Spec
  private CommandSpec spec;

  @Override
  public CliContext ctx() {
    return root.ctx();
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(ctx().err());
    return ExitCodes.USAGE;
  }

  /** {@code relayq token create --role R --name N}. */
  @Command(name = "create", header = "Create a token and print it (the only time it is shown).",
      description = {
        "Exits 2 for a bad role or name, 1 when a valid token already has the name",
        "(revoke it first), 5 when the token used is not an admin token.",
        ""
      },
      footer = ExitCodes.HELP_FOOTER)
  static final class Create extends ClientCommand {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, submit, read or worker")
    private String role;

    @Option(names = "--name", required = true, paramLabel = "NAME",
        description = "unique among valid tokens: letters, digits, . _ -, at most 64 (recorded as submittedBy)")
    private String name;

    @Option(names = "--json", description = "print the token as JSON (the API's IssuedToken)")
    private boolean json;

    @Override
    protected int execute() {
      try {
        TokenRole.fromWire(role);
        ApiTokens.checkName(name);
      } catch (IllegalArgumentException e) {
        throw CliException.usage(e.getMessage());
      }
      IssuedToken issued = client().createToken(new TokenRequest(name, role));
      if (json) {
        JsonOutput.print(ctx().out(), issued);
        return ExitCodes.OK;
      }
      ctx().out().println(issued.token());
      ctx().out().flush();
      ctx().err().println("created " + issued.role() + " token '" + issued.name() + "': it is shown only now; keep it"
          + " in a file only you can read (chmod 600) or pass it as RELAYQ_TOKEN");
      ctx().err().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code relayq token list}. */
  @Command(name = "list", header = "List tokens: name, role, created, last used, revoked (never the tokens).",
      footer = ExitCodes.HELP_FOOTER)
  static final class ListTokens extends ClientCommand {
    @Option(names = "--json", description = "print the tokens as JSON (the API's TokenList)")
    private boolean json;

    @Override
    protected int execute() {
      TokenList list = client().tokens();
      if (json) {
        JsonOutput.print(ctx().out(), list);
        return ExitCodes.OK;
      }
      Instant now = Instant.now();
      Table t = new Table("name", "role", "created", "last used", "revoked");
      for (TokenView v : list.tokens()) {
        t.row(v.name(), v.role(), TimeText.at(v.createdAt(), now),
            v.lastUsedAt() == null ? "never" : TimeText.at(v.lastUsedAt(), now),
            v.revokedAt() == null ? "" : TimeText.at(v.revokedAt(), now));
      }
      t.print(ctx().out());
      return ExitCodes.OK;
    }
  }

  /** {@code relayq token revoke NAME}. */
  @Command(name = "revoke", header = "Revoke a token: requests with it are refused from now on.",
      description = {"Exits 4 when no valid token has the name.", ""},
      footer = ExitCodes.HELP_FOOTER)
  static final class Revoke extends ClientCommand {
    @Parameters(paramLabel = "NAME", description = "the token's name")
    private String name;

    @Option(names = "--json", description = "print the revoked token as JSON (the API's TokenView)")
    private boolean json;

    @Override
    protected int execute() {
      TokenView revoked = client().revokeToken(name);
      if (json) {
        JsonOutput.print(ctx().out(), revoked);
      } else {
        ctx().out().println("revoked token '" + revoked.name() + "' (" + revoked.role() + ")");
        ctx().out().flush();
      }
      return ExitCodes.OK;
    }
  }
}
