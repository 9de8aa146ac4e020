//! `check` benchmark: a generated network and a one-line change, end to end (parse both
//! snapshots, simulate both, decide the property over every address).
//!
//! `cargo bench -p routeproof --bench check` prints a series over network sizes for two
//! changes: an IS-IS metric on one core link, and a removed prefix-list line at a border (its
//! peer's first prefix becomes accepted). Targets on 2 cores: 100 routers under 1 s, 1,000
//! routers under 10 s, growing near-linearly in routers x prefixes. `ROUTEPROOF_BENCH_SIZES`
//! (e.g. `100,250`) and `ROUTEPROOF_BENCH_PREFIXES` override the series.
//!
//! Each case runs `ROUTEPROOF_BENCH_RUNS` times (default 3) after one unreported warm-up run
//! per size, and the median is reported with every run's time: on a virtual machine that hands
//! freed memory back to its host (virtio-balloon free page reporting, as on the machine these
//! figures come from), the first run after a pause spends seconds faulting memory back in, which
//! says nothing about routeproof. The warm-up's time is printed too.

use std::time::Instant;

use routeproof::generate::{self, Generated};
use std::sync::Arc;

use routeproof_verifier::check::{Options, Snapshot, check_with};
use routeproof_verifier::progress::{Phase, Progress};

fn time_check(before: &Generated, after: &Generated) -> (f64, String) {
    let start = Instant::now();
    let (sb, nb, fb) = before.parse();
    let (sa, na, fa) = after.parse();
    let db: Vec<_> = fb.iter().flat_map(|f| f.diagnostics.clone()).collect();
    let da: Vec<_> = fa.iter().flat_map(|f| f.diagnostics.clone()).collect();
    let parsed = start.elapsed().as_secs_f64();
    let progress = Arc::new(Progress::new());
    let options = Options {
        progress: Some(progress.clone()),
        ..Options::default()
    };
    // Phase times from a watcher polling the shared progress (the verifier reads no clock).
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut timings: Vec<(Phase, Instant)> = Vec::new();
            loop {
                let phase = progress.phase();
                if timings.last().is_none_or(|(p, _)| *p != phase) {
                    timings.push((phase, Instant::now()));
                }
                if done.load(std::sync::atomic::Ordering::Relaxed) {
                    timings.push((Phase::Done, Instant::now()));
                    return timings;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        })
    };
    let report = check_with(
        Snapshot {
            network: &nb,
            sources: &sb,
            diagnostics: &db,
        },
        Snapshot {
            network: &na,
            sources: &sa,
            diagnostics: &da,
        },
        &options,
    );
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let timings = watcher.join().unwrap_or_default();
    let secs = start.elapsed().as_secs_f64();
    let s = &report.stats;
    (
        secs,
        format!(
            "verdict {:?}, {} findings, {} classes ({} analysed), {} sources; parse {parsed:.2} s{}",
            report.verdict,
            report.findings.len(),
            s.destination_classes,
            s.classes_analysed,
            s.sources,
            timings
                .windows(2)
                .filter(|w| w[0].0 != Phase::Starting)
                .map(|w| {
                    // After `Done` the check only returns and drops its models.
                    let name = match w[0].0 {
                        Phase::Done => "drop".to_owned(),
                        phase => format!("{phase:?}"),
                    };
                    format!(", {name} {:.2} s", (w[1].1 - w[0].1).as_secs_f64())
                })
                .collect::<String>()
        ),
    )
}

fn main() {
    let sizes: Vec<usize> = std::env::var("ROUTEPROOF_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 250, 500, 1000]);
    let prefixes: usize = std::env::var("ROUTEPROOF_BENCH_PREFIXES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    for routers in sizes {
        let before = generate::isp(routers, prefixes);
        // One IS-IS metric on core-000's first link.
        let mut metric = before.clone();
        if let Some(config) = metric.config_mut("core-000") {
            *config = config.replacen(
                " ip router isis CORE\n!\ninterface GigabitEthernet0/1",
                " ip router isis CORE\n isis metric 50\n!\ninterface GigabitEthernet0/1",
                1,
            );
        }
        // A removed prefix-list line at border-1.
        let mut filter = before.clone();
        if let Some(config) = filter.config_mut("border-1") {
            *config = config.replace("ip prefix-list PEER-1-IN seq 5 deny 11.0.0.0/24\n", "");
        }
        let runs: usize = std::env::var("ROUTEPROOF_BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(3)
            .max(1);
        let (warm_up, _) = time_check(&before, &metric);
        println!("check isp {routers} routers: warm-up run {warm_up:.2} s");
        for (change, after) in [("isis metric", &metric), ("prefix-list line", &filter)] {
            let mut timed: Vec<(f64, String)> =
                (0..runs).map(|_| time_check(&before, after)).collect();
            let all: Vec<String> = timed.iter().map(|(s, _)| format!("{s:.2}")).collect();
            timed.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (secs, summary) = &timed[timed.len() / 2];
            println!(
                "check isp {routers} routers x {prefixes} prefixes, {change}: {secs:.2} s median of [{}] ({summary})",
                all.join(", ")
            );
        }
    }
}
