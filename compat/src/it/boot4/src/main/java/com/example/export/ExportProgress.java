package com.example.export;

public record ExportProgress(int percentDone) {

}
