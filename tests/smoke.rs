mod common;
use common::Env;

#[test]
fn harness_runs_the_binary() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    assert_eq!(env.run(&["secrets:get", "A"]).ok().stdout, b"v\n");
    let image = common::decrypt_vault(&env.vault(), &env.identity());
    let image = common::edit_image(&image, |c| {
        c.execute_batch("PRAGMA user_version = 99").unwrap();
    });
    common::encrypt_vault(&image, &env.vault(), &env.identity());
    env.run(&["secrets:get", "A"]).code(1).stderr_has("newer");
}
