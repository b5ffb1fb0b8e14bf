// WinnowKit: the public surface for building your own binary with your own compiled stages.
//
// It re-exports the stage contract (`Stage`, `DocumentStage`, `SequentialStage`, `PreparingStage`, `BatchStage`, `Document`,
// `StageParams`, `StageOptions`/`OptionSpec`, `StageRegistry`) and the runner (`PipelineConfig`,
// `PipelineRunner`, `RunOptions`, `BuiltinStages`). A stage defined outside Winnow is registered like the
// shipped ones:
//
//     var registry = BuiltinStages.registry
//     registry.register(MyStage.self)
//     let config = try PipelineConfig.parse(bytes, file: "my.json")
//     let stats = try PipelineRunner(config: config, options: options, registry: registry).run()
@_exported import WinnowCore
@_exported import WinnowPipeline
