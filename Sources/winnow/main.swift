import WinnowPipeline
print("winnow")
