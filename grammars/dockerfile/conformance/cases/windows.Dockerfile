# syntax=docker/dockerfile:1
# escape=`
FROM mcr.microsoft.com/windows AS base
WORKDIR C:\app\
RUN powershell -Command `
    $ErrorActionPreference = "Stop"; `
    # comment

    Write-Host hi
COPY C:\a\ C:\b\
